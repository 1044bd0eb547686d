// The sandbox's registry as `npm start` runs it: every team gets a sealed pull credential that the registry lets in,
// the demo images are there to resolve (the app on its base, signed), and a restart keeps the stored credentials.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { SIGSTORE_BUNDLE } from "@/oci/signatures/formats";
import { db } from "@/server/db/client";
import { registryClient } from "@/server/registries/login-check";
import { registryCredentialFor } from "@/server/registries/service";
import { makeTeam } from "@/testing/callers";
import { freePort } from "@/testing/free-port";
import { type SandboxRegistry, startSandboxRegistry } from "./registry";

let port: number;
let running: SandboxRegistry | undefined;
const lines: string[] = [];

beforeAll(async () => {
  process.env.BULKHEAD_CREDENTIALS_KEY ??= randomBytes(32).toString("base64");
  await makeTeam("Shop");
  await makeTeam("Ledger");
  port = await freePort();
});
afterAll(() => running?.stop());

it("gives every team a sealed pull credential the registry lets in, and serves the demo images to it", async () => {
  running = await startSandboxRegistry({ port, log: (line) => lines.push(line) });
  expect(running.host).toBe(`127.0.0.1:${port}`);
  expect(lines.join("\n")).toMatch(/ubi9\/ubi:9\.6, windows\/servercore:ltsc2022, appcafe\/websphere-liberty:23\.0\.0\.3, team-a\/shop:1\.0, team-a\/orders:1\.0, team-a\/prototype:0\.1 \(shop signed as a Sigstore bundle, orders in cosign's tag layout, prototype unsigned\); pull credentials for \d+ teams/);

  const teams = await db().team.findMany({ select: { id: true, slug: true } });
  for (const team of teams) {
    const credentials = await registryCredentialFor(team.id, running.host);
    expect(credentials?.username).toBe(`${team.slug}-puller`);
    const image = await registryClient(running.host, credentials).resolve(`${running.host}/team-a/shop:1.0`);
    expect(image.layers).toHaveLength(3);
    expect(image.annotations["org.opencontainers.image.base.name"]).toBe(`${running.host}/ubi9/ubi:9.6`);
    const base = await registryClient(running.host, credentials).resolve(`${running.host}/ubi9/ubi:9.6`);
    // Built on the base: its layers come first.
    expect(image.layers.slice(0, base.layers.length)).toEqual(base.layers);
  }
  const [first] = teams;
  const credentials = (await registryCredentialFor(first.id, running.host))!;
  const app = await registryClient(running.host, credentials).resolve(`${running.host}/team-a/shop:1.0`);
  const referrers = await registryClient(running.host, credentials).referrers(`${running.host}/team-a/shop@${app.digest}`);
  expect(referrers.referrers.map((r) => r.artifactType)).toEqual([SIGSTORE_BUNDLE]);
  // A wrong password is refused by the sandbox registry as by any.
  await expect(registryClient(running.host, { username: credentials.username, password: "wrong" }).ping(running.host)).rejects.toThrow(/401|unauthorized|denied/i);

  const created = await db().auditEvent.findMany({ where: { action: "registry-credential.set", reason: "the sandbox registry's pull credential" } });
  expect(created.map((event) => event.resourceId).sort()).toEqual(teams.map((team) => team.id).sort());
  expect(JSON.stringify(created, (_, v) => (typeof v === "bigint" ? v.toString() : v))).not.toContain(credentials.password);
});

it("after a restart, lets in the stored credentials again, adding and auditing nothing, and holds the images again", async () => {
  await running?.stop();
  const before = { rows: await db().registryCredential.findMany({ orderBy: { id: "asc" } }), events: await db().auditEvent.count() };
  running = await startSandboxRegistry({ port, log: (line) => lines.push(line) });
  expect(await db().registryCredential.findMany({ orderBy: { id: "asc" } })).toEqual(before.rows);
  expect(await db().auditEvent.count()).toBe(before.events);
  const team = before.rows[0];
  const credentials = await registryCredentialFor(team.teamId, running.host);
  expect((await registryClient(running.host, credentials).resolve(`${running.host}/windows/servercore:ltsc2022`, { os: "windows", architecture: "amd64" })).platform.os).toBe("windows");
});
