// A team's registry credentials through the real router and database, against a registry emulator: a login the
// registry refuses is refused in its words and stores nothing; the password is sealed, never answered, never in the
// trail, and opens only on its own row; developers keep their own teams' credentials, operators any team's.
import { randomBytes } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type RunningRegistry, startRegistryEmulator } from "@/oci/emulator/emulator";
import { db } from "@/server/db/client";
import { makeCaller, makeTeam } from "@/testing/callers";
import { registryCredentialFor } from "./service";

const TOKEN = `pull-token-${randomBytes(6).toString("hex")}`;
const ROTATED = `rotated-${randomBytes(6).toString("hex")}`;

let registry: RunningRegistry;
let teamId: string, otherTeamId: string;
let dev: Awaited<ReturnType<typeof makeCaller>>, outsider: Awaited<ReturnType<typeof makeCaller>>, operator: Awaited<ReturnType<typeof makeCaller>>, compliance: Awaited<ReturnType<typeof makeCaller>>;

const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: TRPCError) => error);

beforeAll(async () => {
  process.env.BULKHEAD_CREDENTIALS_KEY ??= randomBytes(32).toString("base64");
  // The registry knows both the old and the rotated token, as one would during a rotation.
  registry = await startRegistryEmulator({ users: { puller: TOKEN, rotator: ROTATED } });
  teamId = (await makeTeam("Pulls")).id;
  otherTeamId = (await makeTeam("Elsewhere")).id;
  dev = await makeCaller("developer", [teamId]);
  outsider = await makeCaller("developer", [otherTeamId]);
  operator = await makeCaller("operator");
  compliance = await makeCaller("compliance");
});
afterAll(() => registry?.stop());

it("refuses credentials the registry refuses, in its words, storing and auditing no password", async () => {
  const wrong = await refusal(dev.caller.registries.set({ teamId, registry: registry.host, username: "puller", password: "not-the-token" }));
  expect(wrong?.code).toBe("BAD_REQUEST");
  expect(wrong?.message).toMatch(/^password: The registry did not let these credentials in: .*puller/);
  expect(await db().registryCredential.count({ where: { teamId } })).toBe(0);

  const unreachable = await refusal(dev.caller.registries.set({ teamId, registry: "127.0.0.1:1", username: "puller", password: TOKEN }));
  expect(unreachable?.message).toMatch(/^password: The registry did not let these credentials in: /);

  const scheme = await refusal(dev.caller.registries.set({ teamId, registry: "https://ghcr.io", username: "puller", password: TOKEN }));
  expect(scheme?.code).toBe("BAD_REQUEST");
  expect(JSON.stringify(scheme?.cause)).toContain("without http:// or https://");
  expect(await db().registryCredential.count({ where: { teamId } })).toBe(0);
  const denied = await db().auditEvent.findMany({ where: { action: "registry-credential.set", resourceId: teamId } });
  expect(denied.length).toBeGreaterThan(0);
  expect(denied.every((event) => event.outcome === "denied")).toBe(true);
  expect(JSON.stringify(denied, (_, v) => (typeof v === "bigint" ? v.toString() : v))).not.toContain(TOKEN);
});

it("seals the password: answered never, audited never, opened only on its own row", async () => {
  const saved = await dev.caller.registries.set({ teamId, registry: registry.host.toUpperCase(), username: "puller", password: TOKEN });
  expect(saved).toMatchObject({ teamId, registry: registry.host, username: "puller", canManage: true });
  expect(JSON.stringify(saved)).not.toContain(TOKEN);

  const row = await db().registryCredential.findUniqueOrThrow({ where: { id: saved.id } });
  expect(Buffer.from(row.secret).toString("latin1")).not.toContain(TOKEN);
  expect(await registryCredentialFor(teamId, registry.host)).toEqual({ username: "puller", password: TOKEN });
  // The same sealed bytes on another row do not open: the row's id is bound in.
  const copy = await db().registryCredential.create({ data: { teamId: otherTeamId, registry: registry.host, username: "puller", secret: row.secret } });
  await expect(registryCredentialFor(otherTeamId, registry.host)).rejects.toThrow();
  await db().registryCredential.delete({ where: { id: copy.id } });

  const rotated = await dev.caller.registries.set({ teamId, registry: registry.host, username: "rotator", password: ROTATED });
  expect(rotated.id).toBe(saved.id);
  expect(await registryCredentialFor(teamId, registry.host)).toEqual({ username: "rotator", password: ROTATED });

  const events = await db().auditEvent.findMany({ where: { action: "registry-credential.set", resourceId: teamId, outcome: "ok" }, orderBy: { sequence: "asc" } });
  expect(events.map((event) => event.reason)).toEqual(["credentials added", "password or token replaced"]);
  expect(events[1]).toMatchObject({ before: { id: saved.id, registry: registry.host, username: "puller" }, after: { id: saved.id, registry: registry.host, username: "rotator" } });
  const trail = JSON.stringify(events, (_, v) => (typeof v === "bigint" ? v.toString() : v));
  expect(trail).not.toContain(TOKEN);
  expect(trail).not.toContain(ROTATED);
});

it("lists a team's credentials to those who read the team, and lets its developers and operators change them", async () => {
  expect((await dev.caller.registries.list({})).map((r) => [r.registry, r.username, r.canManage])).toEqual([[registry.host, "rotator", true]]);
  expect(await outsider.caller.registries.list({})).toEqual([]);
  expect((await refusal(outsider.caller.registries.list({ teamId })))?.code).toBe("NOT_FOUND");
  expect((await refusal(outsider.caller.registries.set({ teamId, registry: registry.host, username: "puller", password: TOKEN })))?.code).toBe("NOT_FOUND");
  expect((await compliance.caller.registries.list({ teamId })).map((r) => r.canManage)).toEqual([false]);
  expect((await refusal(compliance.caller.registries.delete({ teamId, registry: registry.host })))?.code).toBe("FORBIDDEN");
  expect((await operator.caller.registries.list({ teamId })).map((r) => r.canManage)).toEqual([true]);

  expect(await operator.caller.registries.delete({ teamId, registry: registry.host })).toMatchObject({ registry: registry.host });
  expect(await dev.caller.registries.list({ teamId })).toEqual([]);
  expect((await refusal(dev.caller.registries.delete({ teamId, registry: registry.host })))?.code).toBe("NOT_FOUND");
});
