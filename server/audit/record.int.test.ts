// recordAudit inside the caller's transaction: the event commits or rolls back with the change, and a
// rolled-back append leaves no gap in the sequence.
import { generateKeyPairSync } from "node:crypto";
import { expect, it } from "vitest";
import { db } from "@/server/db/client";
import { recordAudit } from "./record";

process.env.BULKHEAD_AUDIT_SIGNING_KEY = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();

const system = { actor: null, meta: { requestId: "record-test", sourceIp: null, userAgent: null } };
const entry = { action: "app.update", outcome: "ok" as const, resourceType: "app" };

it("shares the caller's transaction and numbers the next event without a gap after a rollback", async () => {
  await recordAudit(db(), system, entry);
  await expect(
    db().$transaction(async (tx) => {
      await recordAudit(tx, system, { ...entry, reason: "rolled back" });
      throw new Error("the change failed");
    }),
  ).rejects.toThrow("the change failed");
  await db().$transaction((tx) => recordAudit(tx, system, entry));
  const events = await db().auditEvent.findMany({ orderBy: { sequence: "asc" } });
  expect(events.map((event) => [event.sequence, event.reason])).toEqual([
    [1n, null],
    [2n, null],
  ]);
  expect(events[1].prevHash).toBe(events[0].hash);
  // An append never grows the Merkle tree or signs a checkpoint: that is the checkpointer's work.
  expect(await db().auditTreeNode.count()).toBe(0);
  expect(await db().auditCheckpoint.count()).toBe(0);
});
