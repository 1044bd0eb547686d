import { randomBytes } from "node:crypto";
import { syntheticCredentials } from "@/testing/credentials";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { stopQueue } from "@/server/jobs/queue";
import { startApiServer, type ApiServer } from "@/testing/api-server";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";
import { createTarget } from "@/server/targets/service";
import { createTeamToken } from "@/server/tokens/service";
import { linksOfApp } from "@/server/links/service";
import { described, runCli } from "./testing/run-cli";

// bulkhead diff / apply -f bulkhead.yaml, as a CI job runs them (the repository's CLI, its own process, real
// HTTP, a team service token). No job workers here: apply's work ends at the queued revisions, which is where the
// API's part ends too.

let server: ApiServer;
let folder: string;
let slug: string;
let teamId: string;
let token: { id: string; secret: string };
let developer: Awaited<ReturnType<typeof makeCaller>>;
let image: { name: string; version: string };
const digest = (hex: string) => `registry.example.com/storefront/shop@sha256:${hex.repeat(64)}`;

beforeAll(async () => {
  process.env.BULKHEAD_CREDENTIALS_KEY ??= randomBytes(32).toString("base64");
  server = await startApiServer();
  folder = await mkdtemp(path.join(os.tmpdir(), "bulkhead-apply-"));
  const team = await makeTeam("Storefront");
  [slug, teamId] = [team.slug, team.id];
  developer = await makeCaller("developer", [teamId]);
  const operator = await makeCaller("operator");
  for (const name of ["apply-aws", "apply-gcp"]) {
    await createTarget(operator, {
      name,
      coordinates: name === "apply-aws"
        ? { kind: "aws-ecs", region: "eu-west-1", cluster: "apply", subnets: ["subnet-0a1b2c3d"], securityGroups: ["sg-0a1b2c3d"], executionRoleArn: "arn:aws:iam::000000000000:role/run" }
        : { kind: "gcp-cloud-run", region: "europe-west1", projectId: "apply-project" },
      credentials: name === "apply-aws" ? { kind: "aws-ecs", accessKeyId: "id", secretAccessKey: "secret" } : syntheticCredentials("gcp-cloud-run"),
      // The api's data is confidential: policy places it on private targets only.
      labels: name === "apply-gcp" ? { zone: "private" } : {},
    });
  }
  const made = await makeBaseImage();
  image = { name: made.name, version: made.version };
  const created = await createTeamToken(developer, { teamId, name: "ci-apply", abilities: ["read", "deploy", "manage_apps"], expiresInDays: 30 });
  token = { id: created.token.id, secret: created.secret };
});
afterAll(async () => {
  await server?.stop();
  await stopQueue();
  if (folder) await rm(folder, { recursive: true, force: true });
});

interface FileOptions {
  shopMax?: number;
  apiDescription?: string;
  shopSecrets?: string[];
  apiImage?: { name: string; version: string };
}

function manifest(options: FileOptions = {}) {
  const deployment = (target: string, hex: string, max = 1) => `      - target: ${target}
        image: ${digest(hex)}
        cpu: 0.5
        memoryMiB: 1024
        port: 8080
        env: { GREETING: hello }
        minInstances: 1
        maxInstances: ${max}
        ingress: public
        healthCheckPath: /healthz`;
  const apiImage = options.apiImage ?? image;
  return `# bulkhead.yaml of the storefront team
version: 1
team: ${slug}
apps:
  - name: shop
    description: The web shop
    classification: internal
    baseImage: { name: "${image.name}", version: "${image.version}" }
    secrets: [${(options.shopSecrets ?? []).join(", ")}]
    links:
      - { to: api, port: 8080, reason: "checkout calls the API" }
    deployments:
${deployment("apply-aws", "a", options.shopMax ?? 1)}
${deployment("apply-gcp", "a", options.shopMax ?? 1)}
  - name: api
    description: ${options.apiDescription ?? "Orders API"}
    classification: confidential
    baseImage: { name: "${apiImage.name}", version: "${apiImage.version}" }
    deployments:
${deployment("apply-gcp", "b")}
`;
}

async function cli(args: string[], file?: string, input?: string) {
  if (file !== undefined) await writeFile(path.join(folder, "bulkhead.yaml"), file);
  return runCli(args, { cwd: folder, env: { BULKHEAD_URL: server.url, BULKHEAD_TOKEN: token.secret }, input });
}

const auditCount = () => db().auditEvent.count();
const changeLines = (stdout: string) => stdout.split("\n").filter((line) => /^[+~!] /.test(line));

describe("bulkhead apply", () => {
  it("creates the apps, requests the link and deploys each, through the API, audited as the token", async () => {
    const run = await cli(["apply", "-f", "bulkhead.yaml"], manifest());
    expect(run.code, described(run)).toBe(0);
    expect(changeLines(run.stdout)).toEqual([
      "+ app shop: create (internal)",
      "+ app api: create (confidential)",
      "+ link shop → api on port 8080: request (someone else approves it)",
      "+ deploy shop to apply-aws: new  [policy: judged once the app exists]",
      "+ deploy shop to apply-gcp: new  [policy: judged once the app exists]",
      "+ deploy api to apply-gcp: new  [policy: judged once the app exists]",
    ]);
    const deployments = await db().deployment.findMany({ where: { teamId }, include: { app: true, target: true } });
    expect(deployments.map((d) => `${d.app.name}@${d.target.name}:${d.status}`).sort()).toEqual(["api@apply-gcp:queued", "shop@apply-aws:queued", "shop@apply-gcp:queued"]);
    const actions = await db().auditEvent.findMany({ where: { actorId: token.id, outcome: "ok" }, select: { action: true } });
    expect(actions.map((a) => a.action).sort()).toEqual(["app.create", "app.create", "deployment.deploy", "deployment.deploy", "deployment.deploy", "link.request"]);
    // The link waits for someone else's approval, and names the token that asked for it.
    const shop = await db().app.findFirstOrThrow({ where: { name: "shop", teamId } });
    expect((await linksOfApp(developer, shop.id)).outbound).toEqual([expect.objectContaining({ status: "requested", port: 8080, requestedBy: `service token ci-apply of team ${slug}`, can: expect.objectContaining({ approve: true }) })]);
  }, 60_000);

  it("applied a second time, reports no change and writes no audit event", async () => {
    const before = await auditCount();
    const run = await cli(["apply", "-f", "bulkhead.yaml"], manifest());
    expect(run.code, described(run)).toBe(0);
    expect(run.stdout.trim()).toBe("No changes.");
    expect(await auditCount()).toBe(before);
  }, 60_000);

  it("diff on a changed file lists exactly the change, with policy's verdict, and writes nothing", async () => {
    const before = await auditCount();
    const run = await cli(["diff", "-f", "bulkhead.yaml"], manifest({ shopMax: 3, apiDescription: "Orders and payments API" }));
    expect(run.code, described(run)).toBe(0);
    expect(changeLines(run.stdout)).toEqual([
      "~ deploy shop to apply-aws: maxInstances 1 → 3  [policy: allowed]",
      expect.stringMatching(/^~ deploy shop to apply-gcp: maxInstances 1 → 3 {2}\[policy: allowed, warning: apply-gcp cannot apply nonRoot: /),
      "~ app api: description Orders API → Orders and payments API",
    ]);
    expect(await auditCount()).toBe(before);
    const json = await cli(["--json", "diff", "-f", "bulkhead.yaml"]);
    const plan = JSON.parse(json.stdout) as { changes: { kind: string; decision?: { allowed: boolean } }[] };
    expect(plan.changes.map((c) => [c.kind, c.decision?.allowed])).toEqual([["deploy", true], ["deploy", true], ["update-app", undefined]]);
  }, 60_000);

  it("holds a deployment whose secret is not set, saying how to set it (exit 1), then deploys once it is", async () => {
    const file = manifest({ shopMax: 3, shopSecrets: ["DB_PASSWORD"] });
    const diff = await cli(["diff", "-f", "bulkhead.yaml"], file);
    expect(diff.stdout).toContain("! shop on apply-aws: waits for secret DB_PASSWORD, not set yet (bulkhead secrets set --app shop --name DB_PASSWORD < file)");
    const held = await cli(["apply", "-f", "bulkhead.yaml"]);
    expect(held.code, described(held)).toBe(1);
    expect(held.stdout).toContain("shop on apply-aws not deployed: set secret DB_PASSWORD (bulkhead secrets set), then apply again");
    const shop = await db().deployment.findFirstOrThrow({ where: { app: { name: "shop", teamId }, target: { name: "apply-aws" } } });
    expect(shop.desiredRevision).toBe(1);

    const set = await cli(["secrets", "set", "--app", "shop", "--name", "DB_PASSWORD"], undefined, "s3cret-value\n");
    expect(set.code, described(set)).toBe(0);
    expect(set.stdout + set.stderr).not.toContain("s3cret-value");
    const applied = await cli(["apply", "-f", "bulkhead.yaml"]);
    expect(applied.code, described(applied)).toBe(0);
    expect(changeLines(applied.stdout)).toEqual(["~ deploy shop to apply-aws: maxInstances 1 → 3  [policy: allowed]", expect.stringMatching(/^~ deploy shop to apply-gcp: maxInstances 1 → 3 {2}\[policy: allowed, warning: /)]);
    expect((await cli(["apply", "-f", "bulkhead.yaml"])).stdout.trim()).toBe("No changes.");
  }, 90_000);

  it("refuses to apply anything when policy refuses a deployment (exit 3), naming the reason", async () => {
    // The api's base image is revoked after it was deployed: its next revision is refused.
    const revoked = await makeBaseImage();
    await db().app.updateMany({ where: { name: "api", teamId }, data: { baseImageId: revoked.id } });
    await db().baseImage.update({ where: { id: revoked.id }, data: { status: "revoked" } });
    const file = manifest({ shopMax: 3, shopSecrets: ["DB_PASSWORD"], apiImage: { name: revoked.name, version: revoked.version } });
    const changed = file.replace(/(- name: api[\s\S]*)healthCheckPath: \/healthz/, "$1healthCheckPath: /ready");
    const before = await auditCount();
    const diff = await cli(["diff", "-f", "bulkhead.yaml"], changed);
    expect(diff.code, described(diff)).toBe(3);
    expect(changeLines(diff.stdout)).toEqual([expect.stringMatching(/^~ deploy api to apply-gcp: healthCheckPath \/healthz → \/ready {2}\[policy: REFUSED \(Base image .* is revoked/)]);
    const apply = await cli(["apply", "-f", "bulkhead.yaml"]);
    expect(apply.code, described(apply)).toBe(3);
    expect(apply.stderr).toContain("Refused by policy: api on apply-gcp; nothing was changed");
    expect(apply.stderr).toMatch(/Base image .* is revoked/);
    expect(await auditCount()).toBe(before);
  }, 60_000);

  it("diff exits 1 naming what blocks apply (a target that does not exist), and apply then changes nothing", async () => {
    const before = await auditCount();
    const diff = await cli(["diff", "-f", "bulkhead.yaml"], manifest().replace("- target: apply-aws", "- target: apply-mars"));
    expect(diff.code, described(diff)).toBe(1);
    expect(diff.stdout).toContain("! shop on apply-mars: no target named apply-mars (targets: apply-aws, apply-gcp");
    const apply = await cli(["apply", "-f", "bulkhead.yaml"]);
    expect(apply.code, described(apply)).toBe(1);
    expect(apply.stderr).toContain("Nothing was applied");
    expect(await auditCount()).toBe(before);
  }, 60_000);

  it("refuses an invalid file before calling the API (exit 2), naming each line", async () => {
    const run = await cli(["apply", "-f", "bulkhead.yaml"], manifest().replace("maxInstances: 1", "maxInstances: none"));
    expect(run.code, described(run)).toBe(2);
    expect(run.stderr).toMatch(/bulkhead\.yaml:\d+: apps\.0\.deployments\.0\.maxInstances: /);
  }, 30_000);
});
