import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "@/server/apps/service";
import { db } from "@/server/db/client";
import { startApiServer, type ApiServer } from "@/testing/api-server";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";
import { DIGEST_IMAGE, startTestSandbox } from "@/testing/sandbox";
import { createTeamToken, revokeToken } from "@/server/tokens/service";
import { described, runCli } from "./testing/run-cli";

// Acceptance: a CI job. In an empty temporary folder, with nothing but a team service token (deploy ability,
// limited to one app) and the API's address in its environment, the repository's `bulkhead` (run by path, as a
// process of its own, over real HTTP) deploys to each sandbox cloud and waits until the deployment runs. The same
// token is refused (403, audited as denied) deploying another app and reading the audit trail, and 401 once
// revoked or expired. The clouds are the emulators, provisioning in 100 ms; the job workers run in this process.

let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
let server: ApiServer;
let folder: string;
let token: { id: string; secret: string };
let developer: Awaited<ReturnType<typeof makeCaller>>;
let teamId: string;

beforeAll(async () => {
  sandbox = await startTestSandbox({ provisionDelayMs: 100 });
  server = await startApiServer();
  folder = await mkdtemp(path.join(os.tmpdir(), "bulkhead-ci-job-"));
  teamId = (await makeTeam("Storefront")).id;
  developer = await makeCaller("developer", [teamId]);
  const baseImageId = (await makeBaseImage()).id;
  for (const name of ["shop", "admin"]) await createApp(developer, { teamId, name, description: "", classification: "internal", baseImageId });
  const shop = await db().app.findFirstOrThrow({ where: { name: "shop", teamId } });
  const made = await createTeamToken(developer, { teamId, name: "ci-deploy", abilities: ["deploy"], appIds: [shop.id], expiresInDays: 30 });
  token = { id: made.token.id, secret: made.secret };
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await sandbox?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

const job = (args: string[], secret = token.secret) => runCli(args, { cwd: folder, env: { BULKHEAD_URL: server.url, BULKHEAD_TOKEN: secret } });
const image = DIGEST_IMAGE("shop", "c");

describe("a CI job with a team service token", () => {
  it("starts in an empty folder", async () => {
    expect(await readdir(folder)).toEqual([]);
  });

  it.each(["sandbox-aws-ecs", "sandbox-azure-aci", "sandbox-cloud-run"])("deploys to %s and waits until it runs (exit 0)", async (target) => {
    const run = await job(["deploy", "--app", "shop", "--target", target, "--image", image, "--env", "GREETING=hello", "--wait"]);
    expect(run.code, described(run)).toBe(0);
    expect(run.stdout).toContain("shop on " + target + ": revision 1 queued");
    expect(run.stdout).toMatch(/running\s+Revision 1 is running/);
    expect(run.stdout).toContain(`shop is running on ${target} (revision 1)`);
    const deployment = await db().deployment.findFirstOrThrow({ where: { app: { name: "shop", teamId }, target: { name: target } } });
    expect(deployment).toMatchObject({ status: "running", runningRevision: 1 });
    const audited = await db().auditEvent.findFirstOrThrow({ where: { action: "deployment.deploy", resourceId: deployment.id } });
    expect(audited).toMatchObject({ outcome: "ok", actorId: token.id, actorEmail: expect.stringContaining(`via token ${token.id}`) });
  }, 120_000);

  it("gives scripts one JSON document with --json", async () => {
    const run = await job(["--json", "deploy", "--app", "shop", "--target", "sandbox-cloud-run", "--image", image, "--max", "2", "--wait"]);
    expect(run.code, described(run)).toBe(0);
    const answer = JSON.parse(run.stdout) as { queued: { desiredRevision: number }; deployment: { status: string; runningRevision: number } };
    expect(answer.queued.desiredRevision).toBe(2);
    expect(answer.deployment).toMatchObject({ status: "running", runningRevision: 2 });
  }, 120_000);

  it("is refused (403, exit 4, audited as denied) deploying another app of the team", async () => {
    const admin = await db().app.findFirstOrThrow({ where: { name: "admin", teamId } });
    const run = await job(["deploy", "--app", admin.id, "--target", "sandbox-aws-ecs", "--image", image, "--wait"]);
    expect(run.code, described(run)).toBe(4);
    expect(run.stderr).toContain(`token "ci-deploy" (${token.id}) is limited to other apps (HTTP 403)`);
    // The deploy request itself, as the CLI would send it had it found the app: refused and audited the same way.
    const target = await db().target.findFirstOrThrow({ where: { name: "sandbox-aws-ecs" } });
    const response = await fetch(`${server.url}/api/v1/deployments`, {
      method: "POST",
      headers: { authorization: `Bearer ${token.secret}`, "content-type": "application/json", "x-request-id": "ci-job-other-app" },
      body: JSON.stringify({ appId: admin.id, targetId: target.id, image, cpu: 0.5, memoryMiB: 1024, port: 8080, env: {}, minInstances: 1, maxInstances: 1, ingress: "public", healthCheckPath: "/healthz" }),
    });
    expect(response.status).toBe(403);
    expect(await db().deployment.count({ where: { appId: admin.id } })).toBe(0);
    const denied = await db().auditEvent.findMany({ where: { outcome: "denied", actorId: token.id, resourceId: admin.id } });
    expect(denied.map((e) => e.action).sort()).toEqual(["apps.get", "deployments.deploy"]);
    expect(denied.find((e) => e.action === "deployments.deploy")).toMatchObject({ requestId: "ci-job-other-app", teamId, reason: expect.stringContaining("limited to other apps") });
    // By name it is not even listed to this token, so the CLI cannot find it.
    const byName = await job(["deploy", "--app", "admin", "--target", "sandbox-aws-ecs", "--image", image]);
    expect(byName.code, described(byName)).toBe(1);
    expect(byName.stderr).toContain("No app admin that this token can see");
  }, 60_000);

  it("is refused (403, exit 4, audited as denied) reading the audit trail", async () => {
    const run = await job(["audit", "export", "--format", "ndjson"]);
    expect(run.code, described(run)).toBe(4);
    expect(run.stderr).toContain("HTTP 403");
    expect(await readdir(folder)).toEqual([]);
    const denied = await db().auditEvent.findFirst({ where: { outcome: "denied", actorId: token.id, action: "audit.export" } });
    expect(denied).not.toBeNull();
  }, 60_000);

  it("is refused (401, exit 4) once expired", async () => {
    const made = await createTeamToken(developer, { teamId, name: "ci-expiring", abilities: ["deploy"], expiresInDays: 1 });
    await db().apiToken.update({ where: { id: made.token.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const run = await job(["deploy", "--app", "shop", "--target", "sandbox-aws-ecs", "--image", image], made.secret);
    expect(run.code, described(run)).toBe(4);
    expect(run.stderr).toMatch(/expired on .* \(HTTP 401\)/);
  }, 60_000);

  it("is refused (401, exit 4) once revoked", async () => {
    await revokeToken(developer, { id: token.id, reason: "rotated" });
    const run = await job(["deploy", "--app", "shop", "--target", "sandbox-aws-ecs", "--image", image, "--wait"]);
    expect(run.code, described(run)).toBe(4);
    expect(run.stderr).toContain(`API token ${token.id} was revoked (HTTP 401)`);
  }, 60_000);
});
