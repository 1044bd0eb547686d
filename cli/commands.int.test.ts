import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "@/server/apps/service";
import { checkpointNow } from "@/server/audit/checkpointer";
import { db } from "@/server/db/client";
import { startApiServer, type ApiServer } from "@/testing/api-server";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";
import { DIGEST_IMAGE, startTestSandbox } from "@/testing/sandbox";
import { createPersonalToken } from "@/server/tokens/service";
import { described, runCli } from "./testing/run-cli";

// Each command of `bulkhead` as its own process over real HTTP against the sandbox clouds (100 ms provisioning,
// job workers in this process), with a developer's token and a compliance officer's.

let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
let server: ApiServer;
let home: string;
let developerToken: string, complianceToken: string;
let teamId: string;
const image = DIGEST_IMAGE("cli", "d");

beforeAll(async () => {
  sandbox = await startTestSandbox({ provisionDelayMs: 100 });
  server = await startApiServer();
  home = await mkdtemp(path.join(os.tmpdir(), "bulkhead-cli-"));
  teamId = (await makeTeam("Cli")).id;
  const developer = await makeCaller("developer", [teamId]);
  const baseImageId = (await makeBaseImage()).id;
  await createApp(developer, { teamId, name: "web", description: "", classification: "internal", baseImageId });
  const stale = await makeBaseImage();
  await createApp(developer, { teamId, name: "legacy", description: "", classification: "internal", baseImageId: stale.id });
  await db().baseImage.update({ where: { id: stale.id }, data: { status: "revoked" } });
  developerToken = (await createPersonalToken(developer, { name: "laptop", abilities: ["read", "deploy", "manage_apps"], expiresInDays: 30 })).secret;
  complianceToken = (await createPersonalToken(await makeCaller("compliance"), { name: "monthly-export", abilities: ["audit_export"], expiresInDays: 30 })).secret;
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await sandbox?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

/** The CLI with the kept config (login), no token in the environment. */
const cli = (args: string[], input?: string) => runCli(args, { cwd: home, env: { XDG_CONFIG_HOME: path.join(home, "config") }, input });
/** The CLI as a CI job runs it, with the token in the environment. */
const as = (token: string, args: string[]) => runCli(args, { cwd: home, env: { BULKHEAD_URL: server.url, BULKHEAD_TOKEN: token } });

describe("login and logout", () => {
  it("refuses commands before login (exit 4)", async () => {
    const run = await cli(["apps", "list"]);
    expect(run.code, described(run)).toBe(4);
    expect(run.stderr).toContain("Not logged in");
  });

  it("checks the token, then keeps it in a file only its owner can read (0600)", async () => {
    const run = await cli(["login", "--url", server.url], `${developerToken}\n`);
    expect(run.code, described(run)).toBe(0);
    expect(run.stdout).toMatch(/^Logged in to .* with token "laptop" of developer-.* \(read, deploy, manage_apps\), valid until /);
    expect(run.stdout + run.stderr).not.toContain(developerToken);
    const file = path.join(home, "config", "bulkhead", "config.json");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({ url: server.url, token: developerToken });
    const apps = await cli(["apps", "list"]);
    expect(apps.code, described(apps)).toBe(0);
    expect(apps.stdout).toMatch(/^NAME +TEAM/);
    expect(apps.stdout).toContain("web ");
  });

  it("refuses a wrong token at login and keeps nothing", async () => {
    const run = await runCli(["login", "--url", server.url], { cwd: home, env: { XDG_CONFIG_HOME: path.join(home, "other-config") }, input: "bh_0123456789012345678901234567890123456789ABCDEF\n" });
    expect(run.code, described(run)).toBe(4);
    await expect(stat(path.join(home, "other-config", "bulkhead", "config.json"))).rejects.toThrow();
  });

  it("refuses a kept token that others can read, as ssh refuses such a key", async () => {
    const file = path.join(home, "config", "bulkhead", "config.json");
    await chmod(file, 0o644);
    const run = await cli(["apps", "list"]);
    expect(run.code, described(run)).toBe(4);
    expect(run.stderr).toContain("can be read by others (mode 644)");
    await chmod(file, 0o600);
  });
});

describe("deployments", () => {
  it("plan prints the native requests and the policy verdict (exit 0), changing nothing", async () => {
    const run = await as(developerToken, ["plan", "--app", "web", "--target", "sandbox-aws-ecs", "--image", image]);
    expect(run.code, described(run)).toBe(0);
    expect(run.stdout).toContain("Policy: allowed");
    // Under the platform's policy the app's own security group comes first, then its place behind the listener.
    expect(run.stdout).toMatch(/Request 1: EC2\.CreateSecurityGroup\b[\s\S]*Request \d+: ELBv2\.CreateTargetGroup\b[\s\S]*Request \d+: RegisterTaskDefinition/);
    expect(run.stdout).toContain(image);
    expect(await db().deployment.count({ where: { app: { name: "web", teamId } } })).toBe(0);
  });

  it("plan and deploy exit 3 when policy refuses, printing each reason", async () => {
    const plan = await as(developerToken, ["plan", "--app", "legacy", "--target", "sandbox-aws-ecs", "--image", image]);
    expect(plan.code, described(plan)).toBe(3);
    expect(plan.stdout).toContain("Policy: REFUSED");
    const deploy = await as(developerToken, ["deploy", "--app", "legacy", "--target", "sandbox-aws-ecs", "--image", image, "--wait"]);
    expect(deploy.code, described(deploy)).toBe(3);
    expect(deploy.stderr).toMatch(/^error: Refused by policy \(HTTP 403\)\n {2}Base image .* is revoked/);
  });

  it("deploy exits 2 on invalid input, naming the field", async () => {
    const run = await as(developerToken, ["deploy", "--app", "web", "--target", "sandbox-aws-ecs", "--image", "registry.example.com/web:latest"]);
    expect(run.code, described(run)).toBe(2);
    expect(run.stderr).toContain("image: Pin the image by digest");
  });

  it("deploy --wait, status, scale --wait, rollback --wait, destroy --yes --wait", async () => {
    const deploy = await as(developerToken, ["deploy", "--app", "web", "--target", "sandbox-cloud-run", "--image", image, "--wait"]);
    expect(deploy.code, described(deploy)).toBe(0);
    const status = await as(developerToken, ["status", "--app", "web"]);
    expect(status.stdout).toMatch(/sandbox-cloud-run +running +1 +1/);
    const scale = await as(developerToken, ["scale", "--app", "web", "--target", "sandbox-cloud-run", "--min", "1", "--max", "2", "--wait"]);
    expect(scale.code, described(scale)).toBe(0);
    expect(scale.stdout).toContain("web is running revision 2 on sandbox-cloud-run");
    const rollback = await as(developerToken, ["rollback", "--app", "web", "--target", "sandbox-cloud-run", "--wait"]);
    expect(rollback.code, described(rollback)).toBe(0);
    expect(rollback.stdout).toContain("rolling back to revision 1 as revision 3");
    const one = await as(developerToken, ["--json", "status", "--app", "web", "--target", "sandbox-cloud-run"]);
    expect(JSON.parse(one.stdout)).toMatchObject({ status: "running", runningRevision: 3, revisions: [{ number: 3, reason: "rollback" }, { number: 2 }, { number: 1 }] });
    const unconfirmed = await as(developerToken, ["destroy", "--app", "web", "--target", "sandbox-cloud-run"]);
    expect(unconfirmed.code, described(unconfirmed)).toBe(2);
    const destroy = await as(developerToken, ["destroy", "--app", "web", "--target", "sandbox-cloud-run", "--yes", "--wait"]);
    expect(destroy.code, described(destroy)).toBe(0);
    expect(destroy.stdout).toContain("web is destroyed on sandbox-cloud-run");
  }, 120_000);

  it("--wait exits 1 when the deployment fails", async () => {
    // The target points at a path the emulator does not serve: AWS answers 404, and the revision fails in the cloud.
    const { endpoint } = await db().target.findUniqueOrThrow({ where: { name: "sandbox-aws-ecs" } });
    await db().target.update({ where: { name: "sandbox-aws-ecs" }, data: { endpoint: new URL("/not-ecs", endpoint!).toString() } });
    try {
      const run = await as(developerToken, ["deploy", "--app", "web", "--target", "sandbox-aws-ecs", "--image", image, "--wait", "--timeout", "90"]);
      expect(run.code, described(run)).toBe(1);
      expect(run.stderr).toMatch(/^error: Revision 1 failed: /);
    } finally {
      await db().target.update({ where: { name: "sandbox-aws-ecs" }, data: { endpoint } });
    }
  }, 120_000);
});

describe("audit export", () => {
  it("exports with a compliance officer's token, and verify-export accepts the file (exit 0) or names why not (exit 1)", async () => {
    // A signed checkpoint covers the trail so far, as the checkpointer makes one a minute on a running installation.
    await checkpointNow();
    const run = await as(complianceToken, ["audit", "export", "--format", "ndjson", "--action", "deployment.deploy", "-o", "deploys.ndjson"]);
    expect(run.code, described(run)).toBe(0);
    expect(run.stdout).toMatch(/^Exported \d+ events to deploys\.ndjson \(SHA-256 [0-9a-f]{64}\); manifest in deploys\.ndjson\.manifest\.json/);
    const lines = (await readFile(path.join(home, "deploys.ndjson"), "utf8")).trim().split("\n");
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => JSON.parse(line).action === "deployment.deploy")).toBe(true);
    const verified = await as(complianceToken, ["audit", "verify-export", "deploys.ndjson", "--fetch-key"]);
    expect(verified.code, described(verified)).toBe(0);
    expect(verified.stdout).toBe(`Export verified: ${lines.length} events\n`);
    await writeFile(path.join(home, "deploys.ndjson"), (await readFile(path.join(home, "deploys.ndjson"), "utf8")).replace("deployment.deploy", "deployment.dePloy"));
    const tampered = await as(complianceToken, ["audit", "verify-export", "deploys.ndjson"]);
    expect(tampered.code, described(tampered)).toBe(1);
    expect(tampered.stderr).toMatch(/^error: Export REJECTED: /);
  }, 60_000);

  it("exports CSV and refuses a bad filter naming the parameter (exit 2)", async () => {
    const csv = await as(complianceToken, ["audit", "export", "--format", "csv", "-o", "all.csv"]);
    expect(csv.code, described(csv)).toBe(0);
    expect((await readFile(path.join(home, "all.csv"), "utf8")).split("\n")[0]).toMatch(/^"?sequence"?,/);
    const bad = await as(complianceToken, ["audit", "export", "--from", "yesterday"]);
    expect(bad.code, described(bad)).toBe(2);
    expect(bad.stderr).toContain("from: ");
  }, 60_000);
});
