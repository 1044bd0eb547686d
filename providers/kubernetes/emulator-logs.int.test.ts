// The emulator's pods/log subresource, Events and kubelet on the wire: raw HTTPS requests as any client sends them,
// answered as the API server and the kubelet answer them.
import { request } from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HEALTH_FAULT_VARIABLE } from "@/providers/emulated-container";
import type { RunningEmulator } from "@/providers/emulator-types";
import { DEFAULT_TOKEN, startEmulator } from "./emulator";

const PROBE_MS = 100;
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ provisionDelayMs: 20, probePeriodMs: PROBE_MS, tokens: { [DEFAULT_TOKEN]: {}, "no-logs": { user: "viewer", allow: { pods: ["get", "list"] } } } });
});
afterAll(() => emulator?.stop());

interface Answer {
  status: number;
  text: string;
}

function call(method: string, path: string, body?: object, token = DEFAULT_TOKEN): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const sent = request(`${emulator.url}${path}`, { method, ca: emulator.caCertificate, headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
    });
    sent.on("error", reject);
    sent.end(body ? JSON.stringify(body) : undefined);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const podPath = (name: string) => `/api/v1/namespaces/default/pods/${name}`;

function pod(name: string, env: Record<string, string> = {}, startupFailureThreshold = 3) {
  const probe = { httpGet: { path: "/healthz", port: 8080 } };
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name },
    spec: { containers: [{ name: "app", image: "registry.example.com/app:1", ports: [{ containerPort: 8080 }], env: Object.entries(env).map(([key, value]) => ({ name: key, value })), startupProbe: { ...probe, failureThreshold: startupFailureThreshold } }] },
  };
}

async function runningPod(name: string, env?: Record<string, string>, startupFailureThreshold?: number): Promise<void> {
  expect((await call("POST", "/api/v1/namespaces/default/pods", pod(name, env, startupFailureThreshold))).status).toBe(201);
  const deadline = Date.now() + 3_000;
  while (Date.now() < deadline) {
    const status = JSON.parse((await call("GET", podPath(name))).text) as { status?: { containerStatuses?: unknown[] } };
    if (status.status?.containerStatuses) return;
    await sleep(10);
  }
  throw new Error(`${name} did not start`);
}

describe("pods/log", () => {
  beforeAll(async () => {
    await runningPod("web", { SECRETLESS: "value-of-variable" });
    await sleep(5 * PROBE_MS);
  });

  it("answers the container's lines, stamped to the nanosecond when asked, names of variables only", async () => {
    const plain = await call("GET", `${podPath("web")}/log`);
    expect(plain.status).toBe(200);
    const lines = plain.text.trimEnd().split("\n");
    expect(lines.slice(0, 4)).toEqual(["Starting registry.example.com/app:1", "Environment: SECRETLESS", "Listening on port 8080", "GET /healthz 200 OK"]);
    expect(plain.text).not.toContain("value-of-variable");

    const stamped = (await call("GET", `${podPath("web")}/log?container=app&timestamps=true`)).text.trimEnd().split("\n");
    expect(stamped[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}000000Z Starting registry\.example\.com\/app:1$/);

    const since = stamped[4].split(" ")[0];
    const after = (await call("GET", `${podPath("web")}/log?timestamps=true&sinceTime=${encodeURIComponent(since)}`)).text.trimEnd().split("\n");
    expect(after[0]).toBe(stamped[4]);
    expect((await call("GET", `${podPath("web")}/log?tailLines=2`)).text.trimEnd().split("\n")).toEqual(["GET /healthz 200 OK", "GET /healthz 200 OK"]);
    expect((await call("GET", `${podPath("web")}/log?tailLines=0`)).text).toBe("");
    expect((await call("GET", `${podPath("web")}/log?limitBytes=8`)).text).toBe("Starting");
  });

  it("streams new lines with follow until the client leaves", async () => {
    const received: { text: string; at: number }[] = [];
    const from = Date.now();
    await new Promise<void>((resolve, reject) => {
      const sent = request(`${emulator.url}${podPath("web")}/log?follow=true&tailLines=0&timestamps=true`, { ca: emulator.caCertificate, headers: { Authorization: `Bearer ${DEFAULT_TOKEN}` } }, (response) => {
        response.on("data", (chunk: Buffer) => {
          received.push({ text: chunk.toString("utf8"), at: Date.now() });
          if (received.length === 2) sent.destroy();
        });
      });
      sent.on("error", () => resolve());
      sent.on("close", () => resolve());
      setTimeout(() => reject(new Error("no lines followed")), 2_000);
      sent.end();
    });
    expect(received).toHaveLength(2);
    for (const { text, at } of received) {
      expect(text).toMatch(/ GET \/healthz 200 OK\n$/);
      expect(Date.parse(text.split(" ")[0])).toBeGreaterThanOrEqual(from - 1);
      expect(at - Date.parse(text.split(" ")[0])).toBeLessThan(500);
    }
  });

  it("is listed by discovery after pods, for get only", async () => {
    const { resources } = JSON.parse((await call("GET", "/api/v1")).text) as { resources: { name: string; verbs: string[] }[] };
    const names = resources.map((resource) => resource.name);
    expect(names.indexOf("pods/log")).toBe(names.indexOf("pods") + 1);
    expect(resources.find((resource) => resource.name === "pods/log")?.verbs).toEqual(["get"]);
  });

  it("refuses what the API server refuses, in its words", async () => {
    const both = await call("GET", `${podPath("web")}/log?sinceSeconds=5&sinceTime=2026-01-01T00:00:00Z`);
    expect(both.status).toBe(422);
    expect(JSON.parse(both.text)).toMatchObject({ kind: "Status", reason: "Invalid", message: expect.stringContaining("at most one of `sinceTime` or `sinceSeconds` may be specified") });
    const other = await call("GET", `${podPath("web")}/log?container=sidecar`);
    expect(other.status).toBe(400);
    expect(JSON.parse(other.text)).toMatchObject({ message: "container sidecar is not valid for pod web" });
    expect((await call("GET", `${podPath("web")}/log?tailLines=-1`)).status).toBe(422);
    const missing = await call("GET", `${podPath("nope")}/log`);
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text)).toMatchObject({ message: 'pods "nope" not found' });
    const previous = await call("GET", `${podPath("web")}/log?previous=true`);
    expect(JSON.parse(previous.text)).toMatchObject({ code: 400, message: 'previous terminated container "app" in pod "web" not found' });
    const forbidden = await call("GET", `${podPath("web")}/log`, undefined, "no-logs");
    expect(forbidden.status).toBe(403);
    expect(JSON.parse(forbidden.text).message).toBe('pods "web" is forbidden: User "viewer" cannot get resource "pods/log" in API group "" in the namespace "default"');
  });
});

describe("the kubelet of a container that fails its health check", () => {
  it("kills it on its failed startup probe, restarts it once, then backs off, and records each step as Events", async () => {
    await runningPod("sick", { [HEALTH_FAULT_VARIABLE]: "failing" }, 1);
    const deadline = Date.now() + 3_000;
    let state: { restartCount: number; state: { waiting?: { reason: string; message: string } }; lastState?: { terminated?: { reason: string } } } | undefined;
    while (Date.now() < deadline) {
      const read = JSON.parse((await call("GET", podPath("sick"))).text) as { status: { containerStatuses: NonNullable<typeof state>[] } };
      state = read.status.containerStatuses[0];
      if (state.state.waiting) break;
      await sleep(PROBE_MS);
    }
    expect(state).toMatchObject({ restartCount: 1, state: { waiting: { reason: "CrashLoopBackOff", message: expect.stringMatching(/^back-off 10s restarting failed container=app pod=sick_default\(/) } }, lastState: { terminated: { reason: "Completed" } } });

    const events = JSON.parse((await call("GET", "/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dsick")).text) as { items: { reason: string; type: string; message: string; count: number; involvedObject: { name: string; fieldPath?: string } }[] };
    const reasons = events.items.map((event) => event.reason);
    expect(reasons).toEqual(expect.arrayContaining(["Scheduled", "Pulling", "Pulled", "Created", "Started", "Unhealthy", "Killing", "BackOff"]));
    expect(events.items.find((event) => event.reason === "Unhealthy")).toMatchObject({ type: "Warning", message: "Startup probe failed: HTTP probe failed with statuscode: 503", count: 2, involvedObject: { fieldPath: "spec.containers{app}" } });
    expect(events.items.find((event) => event.reason === "Killing")).toMatchObject({ type: "Normal", message: "Container app failed startup probe, will be restarted", count: 2 });
    expect(events.items.find((event) => event.reason === "BackOff")).toMatchObject({ type: "Warning", message: expect.stringMatching(/^Back-off restarting failed container app in pod sick_default\(/) });
    const warnings = JSON.parse((await call("GET", "/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dsick,type%3DWarning")).text) as { items: { type: string }[] };
    expect(warnings.items.length).toBeGreaterThan(0);
    expect(warnings.items.every((event) => event.type === "Warning")).toBe(true);

    // While it backs off, its log (and the previous one's) is the run that ended.
    const log = (await call("GET", `${podPath("sick")}/log`)).text.trimEnd().split("\n");
    expect(log[0]).toBe("Starting registry.example.com/app:1");
    expect(log.at(-1)).toBe("Received SIGTERM, shutting down");
    expect(log).toContain(`GET /healthz 503 Service Unavailable (health check switched to failing by ${HEALTH_FAULT_VARIABLE})`);
    expect((await call("GET", `${podPath("sick")}/log?previous=true`)).text.trimEnd().split("\n")).toEqual(log);
  });

  it("refuses a field an Event cannot be selected by", async () => {
    const refused = await call("GET", "/api/v1/namespaces/default/events?fieldSelector=spec.nodeName%3Da");
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text).message).toContain('"spec.nodeName" is not a known field selector');
  });
});
