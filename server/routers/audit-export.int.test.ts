// The export route's access: compliance only, audit.list's filter schema, refusals audited as denied, and
// the manifest fetched by export id once the file is complete.
import { generateKeyPairSync } from "node:crypto";
import { expect, it } from "vitest";
import { db } from "@/server/db/client";
import { makeCaller } from "@/testing/callers";
import { exportAuditEvents } from "@/server/audit/export";
import { exportCaller } from "./audit-export";

process.env.BULKHEAD_AUDIT_SIGNING_KEY = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();

it("refuses other roles and audits the refusal as denied", async () => {
  const { actor, meta } = await makeCaller("developer");
  await expect(exportCaller({ actor, meta }).export({ format: "csv", filter: {} })).rejects.toMatchObject({ code: "FORBIDDEN" });
  await expect(exportCaller({ actor: null, meta }).export({ format: "csv", filter: {} })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  const denied = await db().auditEvent.findFirstOrThrow({ where: { action: "audit.export" } });
  expect(denied).toMatchObject({ outcome: "denied", actorId: actor.userId });
});

it("checks the filters with audit.list's schema", async () => {
  const { actor, meta } = await makeCaller("compliance");
  const call = exportCaller({ actor, meta });
  await expect(call.export({ format: "csv", filter: { resourceId: "x" } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  await expect(call.export({ format: "csv", filter: { from: new Date("nonsense") } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
});

it("gives the manifest of a finished export by its id, and none before", async () => {
  const { actor, meta } = await makeCaller("compliance");
  const call = exportCaller({ actor, meta });
  const request = await call.export({ format: "ndjson", filter: { limit: 5, outcome: "denied" } });
  expect(request.filter).toEqual({ outcome: "denied" });
  await expect(call.exportManifest({ exportId: request.exportId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  const chunks = exportAuditEvents(request);
  let next = await chunks.next();
  while (!next.done) next = await chunks.next();
  expect(await call.exportManifest({ exportId: request.exportId })).toEqual(JSON.parse(JSON.stringify(next.value)));
});
