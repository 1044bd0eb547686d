import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { healthGET, metricsGET, readyGET } from "@/testing/app-routes";
import { queue, stopQueue } from "@/server/jobs/queue";
import { makeCaller } from "@/testing/callers";
import { signedInUser, trpcHttp } from "@/testing/http";
import { logger, logTo } from "./logger";

// The probes, the metrics endpoint and the request log, through the app's own route handlers.

const metrics = (authorization?: string) => metricsGET(new Request("http://localhost/api/metrics", { headers: authorization ? { authorization } : {} }));

process.env.BULKHEAD_CREDENTIALS_KEY ??= randomBytes(32).toString("base64");
afterEach(() => {
  delete process.env.BULKHEAD_METRICS_TOKEN;
});
afterAll(() => stopQueue());

describe("probes", () => {
  it("health answers without the database; ready checks the database and the migrations this code expects", async () => {
    expect(await (await healthGET()).json()).toMatchObject({ status: "alive" });
    await queue(); // installs the queue's schema in this file's database, as the launcher does
    process.env.BULKHEAD_EXPECTED_MIGRATION = "20261123083020_init";
    // No worker runs in this process, and none is expected to (lifecycle: BULKHEAD_WORKERS=0 here).
    process.env.BULKHEAD_WORKERS = "0";
    (globalThis as { bulkheadLifecycle?: unknown }).bulkheadLifecycle = undefined;
    const ready = await readyGET();
    expect(await ready.json()).toEqual({ status: "ready", checks: { database: "ok", migrations: "ok", queue: "ok" } });
    process.env.BULKHEAD_EXPECTED_MIGRATION = "29991231000000_from_the_future";
    const behind = await readyGET();
    expect(behind.status).toBe(503);
    expect((await behind.json()).checks.migrations).toBe("missing 29991231000000_from_the_future");
    delete process.env.BULKHEAD_EXPECTED_MIGRATION;
    // A process meant to run workers is not ready while they take no jobs (before they start, or once it stops).
    (globalThis as { bulkheadLifecycle?: unknown }).bulkheadLifecycle = { runsWorkers: true, workersRunning: false };
    const idle = await readyGET();
    expect(idle.status).toBe(503);
    expect((await idle.json()).checks.queue).toBe("this process's workers are not taking jobs");
    (globalThis as { bulkheadLifecycle?: unknown }).bulkheadLifecycle = undefined;
  });
});

describe("metrics", () => {
  it("are off without a token, refused with a wrong one, and served with the right one", async () => {
    expect((await metrics()).status).toBe(404);
    process.env.BULKHEAD_METRICS_TOKEN = "the-metrics-token";
    expect((await metrics()).status).toBe(401);
    expect((await metrics("Bearer not-the-token")).status).toBe(401);
    const admin = await signedInUser("admin");
    await trpcHttp({ path: "identity.directory", type: "query" }, { cookie: admin.cookie });
    const answer = await metrics("Bearer the-metrics-token");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await answer.text();
    expect(text).toMatch(/bulkhead_request_duration_seconds_count\{procedure="identity.directory",type="query",status="200"\} \d+/);
    expect(text).toMatch(/bulkhead_queue_jobs\{queue="deployment-converge",state="created"\} \d+/);
    expect(text).toMatch(/bulkhead_queue_oldest_job_age_seconds\{queue="deployment-poll"\} [\d.]+/);
    expect(text).toMatch(/bulkhead_audit_append_seconds_count \d+/);
    expect(text).toMatch(/bulkhead_drifted_deployments 0/);
    expect(text).toMatch(/bulkhead_process_cpu_user_seconds_total [\d.]+/);
    expect(text).toContain("bulkhead_deploy_outcomes_total");
    expect(text).not.toContain("the-metrics-token");
  });
});

describe("request log", () => {
  it("writes one JSON line per call with request id, actor, procedure, status and duration, and never the input", async () => {
    const lines: Record<string, unknown>[] = [];
    logTo(new Writable({ write: (chunk, _encoding, done) => (lines.push(JSON.parse(String(chunk))), done()) }));
    const operator = await makeCaller("operator");
    const secret = "PLANTED-log-secret-4f1e";
    const answer = await trpcHttp(
      {
        path: "targets.create",
        type: "mutation",
        input: {
          name: "logged-target",
          coordinates: { kind: "aws-ecs", region: "eu-west-1", cluster: "c", subnets: ["s"], securityGroups: ["g"], executionRoleArn: "arn:aws:iam::000000000000:role/r" },
          credentials: { kind: "aws-ecs", accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: secret },
        },
      },
      { actor: operator.actor, requestId: "logged-request-0001" },
    );
    expect(answer.status).toBe(200);
    const line = lines.find((entry) => entry.requestId === "logged-request-0001");
    expect(line).toMatchObject({ level: "info", msg: "procedure", actorId: operator.actor.userId, role: "operator", procedure: "targets.create", type: "mutation", status: 200, durationMs: expect.any(Number) });
    expect(JSON.stringify(lines)).not.toContain(secret);
    logTo(new Writable({ write: (_chunk, _encoding, done) => done() }), "warn");
  });

  it("censors fields named like secrets, should one ever be passed to it", () => {
    const lines: string[] = [];
    logTo(new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }));
    logger().info({ password: "p4ss", credentials: { secretAccessKey: "k3y" }, nested: { deeper: { token: "t0k" } }, user: "kept" }, "careless");
    expect(JSON.parse(lines[0])).toMatchObject({ password: "[redacted]", credentials: "[redacted]", nested: { deeper: { token: "[redacted]" } }, user: "kept" });
    logTo(new Writable({ write: (_chunk, _encoding, done) => done() }), "warn");
  });
});
