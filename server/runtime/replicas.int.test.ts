import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, expect, it, inject } from "vitest";
import { startCloudSandbox } from "@/providers/sandbox-clouds";
import { sandboxByKind, type SandboxByKind } from "@/providers/testing/sandbox-by-kind";
import { root } from "@/scripts/lib/prepare";
import { createDatabase, dropDatabase, withClient, withDatabaseName } from "@/server/db/database-admin";
import { ensureDashboardBuilt, launch, sharedKeys, type Launched } from "@/testing/launcher";
import { invitePerson, must, remoteSignIn } from "@/testing/remote-api";
import { waitFor } from "@/testing/wait-for";

// Two Bulkhead processes (web and workers both) on one Postgres, the clouds started on their own. 100 deploys are
// spread over both; halfway one is killed with SIGKILL. Every deployment converges with one cloud resource each,
// the jobs the dead process held are taken up by the other within 15 s (its heartbeat stopped), the audit chain
// verifies, and the per-address sign-in limit counts the attempts made at both processes together.

const DEPLOYS = 100;
const SIGN_IN_LIMIT = 6;
const ports = { a: 3640, b: 3641 };
const keys = sharedKeys();
const database = `bulkhead_replicas_${randomBytes(4).toString("hex")}`;
let ownerUrl: string;
let clouds: SandboxByKind;
let a: Launched, b: Launched;

const common = () => ({
  ...keys,
  BULKHEAD_SANDBOX: "0",
  BULKHEAD_TRUST_PROXY: "1",
  BULKHEAD_SIGNIN_LIMIT_PER_MINUTE: String(SIGN_IN_LIMIT),
  BULKHEAD_ADMIN_EMAIL: "root@replicas.test",
  BULKHEAD_ADMIN_PASSWORD: "replicas-admin-password",
  BULKHEAD_DATA_DIR: `/tmp/bulkhead-replicas-${process.pid}`,
});

beforeAll(async () => {
  await ensureDashboardBuilt();
  const server = inject("postgresServerUrl");
  await createDatabase(server, database);
  ownerUrl = withDatabaseName(server, database);
  clouds = sandboxByKind(await startCloudSandbox({ provisionDelayMs: 200 }));
  // The first process migrates (DATABASE_URL, the owner); the second joins as a replica of the running installation.
  a = await launch({ port: ports.a, env: { ...common(), DATABASE_URL: ownerUrl } });
  b = await launch({ port: ports.b, env: { ...common(), BULKHEAD_APP_DATABASE_URL: ownerUrl } });
}, 600_000);

afterAll(async () => {
  for (const launched of [a, b]) if (launched && launched.child.exitCode === null && launched.child.signalCode === null) launched.signal("SIGKILL");
  await Promise.all([a?.exited, b?.exited]);
  await clouds?.stop();
  if (ownerUrl) await dropDatabase(inject("postgresServerUrl"), database);
});

const query = <T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> =>
  withClient(ownerUrl, async (client) => (await client.query<T>(text, values)).rows);

it("shares the per-address sign-in limit between the two processes", { timeout: 60_000 }, async () => {
  const statuses = [];
  // Alternating processes, from one address: each process alone would allow SIGN_IN_LIMIT a minute.
  for (let i = 0; i < SIGN_IN_LIMIT + 2; i++) statuses.push((await remoteSignIn(i % 2 ? b.url : a.url, "nobody@replicas.test", "not-a-password", "203.0.113.77")).status);
  expect(statuses.slice(0, SIGN_IN_LIMIT).every((status) => status === 401)).toBe(true);
  expect(statuses.slice(SIGN_IN_LIMIT)).toEqual([429, 429]);
});

it(`converges ${DEPLOYS} deploys spread over both after one is killed halfway, one cloud resource each, and the chain verifies`, { timeout: 600_000 }, async () => {
  const admin = (await remoteSignIn(a.url, common().BULKHEAD_ADMIN_EMAIL, common().BULKHEAD_ADMIN_PASSWORD, "203.0.113.1")).cookie;
  const team = await must<{ id: string }>(a.url, admin, "identity.createTeam", { name: "Replicas" }, "mutation");
  const operator = await invitePerson(a.url, admin, { email: "ops@replicas.test", role: "operator" });
  const developer = await invitePerson(b.url, admin, { email: "dev@replicas.test", role: "developer", teamId: team.id });
  const image = await must<{ id: string }>(a.url, operator, "catalog.create", { family: "os", name: "Replica OS", version: "1", reference: `registry.example.com/os@sha256:${"1".repeat(64)}` }, "mutation");
  const coordinates = {
    // The landing zone the sandbox's AWS account holds: ECS refuses a cluster, subnet or group it lacks.
    "aws-ecs": clouds["aws-ecs"].coordinates,
    "azure-aci": { kind: "azure-aci", region: "westeurope", subscriptionId: clouds["azure-aci"].subscriptionId, resourceGroup: "replicas" },
    "gcp-cloud-run": { kind: "gcp-cloud-run", region: "europe-west1", projectId: clouds["gcp-cloud-run"].projectId },
  } as const;
  const targets: { id: string }[] = [];
  for (const kind of ["aws-ecs", "azure-aci", "gcp-cloud-run"] as const) {
    const cloud = clouds[kind];
    targets.push(
      await must<{ id: string }>(a.url, operator, "targets.create", { name: `replicas-${kind}`, coordinates: coordinates[kind], credentials: cloud.credentials, endpoint: cloud.endpoint, caCertificate: cloud.caCertificate }, "mutation"),
    );
  }
  const apps: { id: string }[] = [];
  for (let i = 0; i < DEPLOYS; i++) apps.push(await must<{ id: string }>(i % 2 ? b.url : a.url, developer, "apps.create", { teamId: team.id, name: `replica-${i}`, description: "", classification: "internal", baseImageId: image.id }, "mutation"));
  const settings = { image: `registry.example.com/r@sha256:${"a".repeat(64)}`, cpu: 0.5, memoryMiB: 1024, port: 8080, env: {}, minInstances: 1, maxInstances: 1, ingress: "public", healthCheckPath: "/healthz" };
  const deploy = (i: number, url: string) => must<{ id: string }>(url, developer, "deployments.deploy", { appId: apps[i].id, targetId: targets[i % 3].id, ...settings }, "mutation");

  // The first half at both processes, 8 at a time.
  const deployments: { id: string }[] = [];
  for (let i = 0; i < DEPLOYS / 2; i += 8) deployments.push(...(await Promise.all(Array.from({ length: Math.min(8, DEPLOYS / 2 - i) }, (_, k) => deploy(i + k, (i + k) % 2 ? b.url : a.url)))));

  // Halfway: B dies with the jobs it holds (started and not ended, by its own log).
  const heldByB = () => {
    const lines = b.lines().filter((line) => line.component === "jobs");
    const ended = new Set(lines.filter((line) => line.msg === "job ended").map((line) => line.jobId));
    return [...new Set(lines.filter((line) => line.msg === "job started" && !ended.has(line.jobId)).map((line) => String(line.jobId)))];
  };
  await waitFor("B to hold jobs", async () => heldByB().length > 0, 60_000, 20);
  b.signal("SIGKILL");
  await b.exited;
  const killedAt = Date.now();
  // B's log can lag its work: a job it logged as started may have completed before the kill. Only those still active
  // were lost with it.
  const heldAtKill = await query<{ id: string; started_on: Date }>("SELECT id, started_on FROM pgboss.job WHERE id = ANY($1::uuid[]) AND state = 'active'", [heldByB()]);
  expect(heldAtKill.length).toBeGreaterThan(0);

  // The second half at the survivor.
  for (let i = DEPLOYS / 2; i < DEPLOYS; i += 8) deployments.push(...(await Promise.all(Array.from({ length: Math.min(8, DEPLOYS - i) }, (_, k) => deploy(i + k, a.url)))));

  // Every job B held is taken up again by A within 15 s (B's heartbeat stopped), not when a lease runs out.
  const takenUp = await waitFor(
    "the jobs B held to be taken up again",
    async () => {
      const rows = await query<{ id: string; started_on: Date | null }>("SELECT id, started_on FROM pgboss.job WHERE id = ANY($1::uuid[])", [heldAtKill.map((job) => job.id)]);
      const again = rows.filter((row) => row.started_on && row.started_on.getTime() > heldAtKill.find((job) => job.id === row.id)!.started_on.getTime());
      return again.length === heldAtKill.length ? Math.max(...again.map((row) => row.started_on!.getTime())) : undefined;
    },
    60_000,
    100,
  );
  console.log(`SIGKILL halfway: ${heldAtKill.length} job(s) B held were taken up by A ${((takenUp - killedAt) / 1000).toFixed(1)} s after the kill`);
  expect(takenUp - killedAt).toBeLessThan(15_000);
  // pg-boss marks a job started when A fetches it; A logs it only after the fetch returns, and the line still has to
  // come through the pipe, so the log is waited for rather than read at once.
  const startedAtA = () => a.lines().filter((line) => line.msg === "job started" && heldAtKill.some((job) => job.id === line.jobId));
  await waitFor("A to log each job it took up", async () => startedAtA().length >= heldAtKill.length, 10_000, 20);
  expect(startedAtA()).toHaveLength(heldAtKill.length);

  const settled = await waitFor(
    `all ${DEPLOYS} deployments to run`,
    async () => {
      const rows = await query<{ status: string; n: string }>('SELECT status, count(*) AS n FROM "Deployment" GROUP BY status');
      const running = Number(rows.find((row) => row.status === "running")?.n ?? 0);
      if (rows.some((row) => row.status === "failed")) throw new Error(`a deployment failed: ${JSON.stringify(await query('SELECT "statusMessage" FROM "Deployment" WHERE status = \'failed\' LIMIT 3'))}`);
      return running === DEPLOYS ? rows : undefined;
    },
    300_000,
    500,
  );
  expect(settled).toHaveLength(1);

  // One cloud resource per deployment, on the cloud of its target.
  const names = await query<{ resourceName: string; kind: string }>('SELECT d."resourceName", t.kind FROM "Deployment" d JOIN "Target" t ON t.id = d."targetId"');
  for (const { resourceName, kind } of names) {
    const held = clouds[kind as "aws-ecs"].emulator.resourceNames().filter((name) => name.split("/").pop() === resourceName);
    expect(held, `${resourceName} on ${kind}`).toHaveLength(1);
  }

  // The chain both processes appended to is one unbroken chain.
  const verify = spawn(process.execPath, ["--import", "tsx", "scripts/audit-verify.ts"], { cwd: root, env: { ...process.env, DATABASE_URL: ownerUrl, BULKHEAD_AUDIT_SIGNING_KEY: keys.BULKHEAD_AUDIT_SIGNING_KEY }, stdio: ["ignore", "pipe", "pipe"] });
  let report = "";
  verify.stdout.on("data", (chunk) => (report += String(chunk)));
  verify.stderr.on("data", (chunk) => (report += String(chunk)));
  const code = await new Promise((resolve) => verify.once("exit", resolve));
  expect(report).toMatch(/audit trail verified: \d+ events/);
  expect(code, report.slice(-2000)).toBe(0);
});
