// The audit page and its export read a filter one way (server/audit/filter-query.ts): on a server whose time zone
// is not UTC, exporting a filter gives exactly the events the list shows for it, time range and actor included.
import { generateKeyPairSync } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import { exportGET, parseAuditFilters, withFilters } from "@/testing/app-routes";
import { publicUrl, serverEnv } from "@/server/config/env";
import { db } from "@/server/db/client";
import { appOrigin, makeAccount, signIn } from "@/testing/accounts";
import { makeCaller } from "@/testing/callers";
import { recordAudit } from "./record";

process.env.BULKHEAD_AUDIT_SIGNING_KEY = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
// Node applies a changed TZ at once: from here on, local time is New York's (UTC−5 in December).
process.env.TZ = "America/New_York";

let cookie: string;
let officer: Awaited<ReturnType<typeof makeCaller>>;
let params: Record<string, string>;

/** A datetime-local value, as the page's filter form sends it: the UTC wall clock, no zone. */
const wallClock = (at: Date) => at.toISOString().replace(/Z$/, "");

beforeAll(async () => {
  expect(new Date(2026, 11, 2).getTimezoneOffset()).toBe(300);
  const account = await makeAccount("compliance");
  cookie = (await signIn(account.email)).cookie;
  officer = await makeCaller("compliance");
  const alice = await makeCaller("developer");
  const bob = await makeCaller("developer");
  const append = (who: typeof alice, n: number) => recordAudit(db(), who, { action: "app.update", outcome: "ok", resourceType: "app", resourceId: `tz-${n}` });
  for (let n = 0; n < 4; n++) await append(n % 2 ? bob : alice, n);
  // The range starts after these: a second apart, so no clock rounding puts them on both sides.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await append(alice, 4);
  for (let n = 5; n < 10; n++) await append(n % 2 ? bob : alice, n);
  const from = (await db().auditEvent.findFirstOrThrow({ where: { resourceId: "tz-4" } })).occurredAt;
  params = { from: wallClock(from), actor: alice.actor.email.split("@")[0], resourceType: "app" };
});

it("exports the events the list shows for the same filter, under TZ=America/New_York", async () => {
  const { input, errors } = parseAuditFilters(params);
  expect(errors).toBeNull();
  const listed = await officer.caller.audit.list(input);
  const listedIds = listed.events.map((event) => event.resourceId).sort();
  expect(listedIds).toEqual(["tz-4", "tz-6", "tz-8"]);

  // The query string the page's export panel sends (export-panel.tsx), through the real route handler.
  const query = withFilters(params, {}).replace(/^\/audit\??/, "");
  const response = await exportGET(new Request(`${publicUrl(serverEnv())}/api/audit/export?format=ndjson&${query}`, { headers: { cookie, origin: appOrigin() } }));
  expect(response.status).toBe(200);
  const exported = (await response.text())
    .trim()
    .split("\n")
    .map((line) => (JSON.parse(line) as { resourceId: string }).resourceId)
    .sort();
  expect(exported).toEqual(listedIds);
});

it("reads a time with its own zone as that instant, and refuses one that is no time, naming the field", () => {
  const at = new Date("2026-12-02T10:00:00.000Z");
  expect(parseAuditFilters({ from: "2026-12-02T05:00:00-05:00" }).input.from).toEqual(at);
  expect(parseAuditFilters({ from: "2026-12-02T10:00" }).input.from).toEqual(at);
  expect(parseAuditFilters({ to: "yesterday" }).errors?.[0]).toMatch(/^to: /);
});
