// The official client, unchanged, straight at the emulator (no adapter, no validate): the emulator must
// answer as Cloud Run does, with the same long-running operations and the same typed errors.
import { protos, RevisionsClient, ServicesClient } from "@google-cloud/run";
import { connect } from "node:net";
import { credentials, Metadata, status, type ServiceError } from "@grpc/grpc-js";
import { OAuth2Client } from "google-auth-library";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../emulator-types";
import { startEmulator } from "./emulator";

type Service = protos.google.cloud.run.v2.IService;
/** Over gRPC the client rejects with grpc-js's ServiceError, enriched with the decoded google.rpc details. */
type ClientError = ServiceError & { statusDetails?: unknown[]; reason?: string; domain?: string };

const PARENT = "projects/bulkhead-test/locations/us-central1";
let emulator: RunningEmulator;
let client: ServicesClient;

function clientFor(port: number) {
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: "dummy-test-token" });
  return new ServicesClient({ apiEndpoint: "127.0.0.1", port, sslCreds: credentials.createInsecure(), authClient });
}

beforeAll(async () => {
  emulator = await startEmulator({ provisionDelayMs: 100 });
  client = clientFor(emulator.port);
});
afterAll(async () => {
  await client?.close();
  await emulator?.stop();
});

const service = (change: { image?: string; cpu?: string; memory?: string; min?: number; max?: number; concurrency?: number } = {}): Service => ({
  ingress: "INGRESS_TRAFFIC_ALL",
  template: {
    scaling: { minInstanceCount: change.min ?? 0, maxInstanceCount: change.max ?? 2 },
    maxInstanceRequestConcurrency: change.concurrency,
    containers: [
      {
        image: change.image ?? "us-docker.pkg.dev/cloudrun/container/hello",
        ports: [{ containerPort: 8080 }],
        resources: { limits: { cpu: change.cpu ?? "1", memory: change.memory ?? "512Mi" } },
      },
    ],
  },
});

async function rejection(call: Promise<unknown>): Promise<ClientError> {
  const error = await call.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(Error);
  expect(error).toMatchObject({ code: expect.any(Number), details: expect.any(String), metadata: expect.any(Metadata) });
  return error as ClientError;
}

describe("Services over gRPC", () => {
  // Operation results are decoded protobuf messages: enums as numbers, int64 as Long.
  it("creates through a long-running operation the client polls until the service is ready", async () => {
    const [operation] = await client.createService({ parent: PARENT, serviceId: "hello", service: service() });
    expect(operation.done).toBe(false);
    expect(operation.name).toMatch(/^projects\/bulkhead-test\/locations\/us-central1\/operations\//);
    const [ready] = await operation.promise();
    expect(ready).toMatchObject({
      name: `${PARENT}/services/hello`,
      reconciling: false,
      terminalCondition: { type: "Ready", state: protos.google.cloud.run.v2.Condition.State.CONDITION_SUCCEEDED },
      latestReadyRevision: expect.stringMatching(/\/revisions\/hello-00001-/),
      uri: expect.stringMatching(/^https:\/\/hello-\d+\.us-central1\.run\.app$/),
    });
    expect(emulator.requestCounts().GetOperation).toBeGreaterThan(0);

    const [read] = await client.getService({ name: `${PARENT}/services/hello` });
    expect(read.generation).toBe("1");
    expect(read.template?.containers?.[0].resources?.limits).toEqual({ cpu: "1", memory: "512Mi" });
  });

  it("updates to a new generation, lists page by page, and deletes", async () => {
    await client.createService({ parent: PARENT, serviceId: "second", service: service() });
    const [update] = await client.updateService({ service: { name: `${PARENT}/services/second`, ...service({ max: 5 }) } });
    const [updated] = await update.promise();
    expect(String(updated.generation)).toBe("2");
    expect(updated.template?.scaling?.maxInstanceCount).toBe(5);

    const [page, next] = await client.listServices({ parent: PARENT, pageSize: 1 }, { autoPaginate: false });
    expect(page.map((s) => s.name)).toEqual([`${PARENT}/services/hello`]);
    const [rest] = await client.listServices({ parent: PARENT, pageSize: 1, pageToken: next!.pageToken });
    expect(rest.map((s) => s.name)).toContain(`${PARENT}/services/second`);

    const [deletion] = await client.deleteService({ name: `${PARENT}/services/second` });
    expect((await deletion.promise())[0].name).toBe(`${PARENT}/services/second`);
    expect(emulator.resourceNames()).not.toContain(`${PARENT}/services/second`);
  });

  it.each([
    ["a service id with capitals", { serviceId: "Hello" }, "service_id"],
    ["a service id of 50 characters", { serviceId: "a".repeat(50) }, "service_id"],
    ["no service id", { serviceId: "" }, "service_id"],
    ["a malformed parent", { parent: "projects/bulkhead-test" }, "parent"],
    ["no image", { service: service({ image: "" }) }, "service.template.containers[0].image"],
    ["64 GiB of memory", { service: service({ memory: "64Gi", cpu: "8" }) }, "service.template.containers[0].resources.limits.memory"],
    ["8 GiB on 1 vCPU", { service: service({ memory: "8Gi" }) }, "service.template.containers[0].resources.limits.cpu"],
    ["3 vCPU", { service: service({ cpu: "3", memory: "4Gi" }) }, "service.template.containers[0].resources.limits.cpu"],
    ["half a vCPU serving 80 requests at once", { service: service({ cpu: "500m" }) }, "service.template.max_instance_request_concurrency"],
    ["min above max instances", { service: service({ min: 5, max: 2 }) }, "service.template.scaling.min_instance_count"],
    ["no template", { service: { ingress: "INGRESS_TRAFFIC_ALL" } }, "service.template"],
  ] as [string, Partial<protos.google.cloud.run.v2.ICreateServiceRequest>, string][])("refuses %s with INVALID_ARGUMENT and a BadRequest naming the field", async (_, change, field) => {
    const error = await rejection(client.createService({ parent: PARENT, serviceId: "refused", service: service(), ...change }));
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.message).toMatch(new RegExp(`^3 INVALID_ARGUMENT: Violation in CreateServiceRequest\\.`));
    expect(error.statusDetails).toEqual([expect.objectContaining({ fieldViolations: expect.arrayContaining([expect.objectContaining({ field })]) })]);
    expect(emulator.resourceNames()).not.toContain(`${PARENT}/services/refused`);
  });

  it("answers ALREADY_EXISTS, NOT_FOUND and UNIMPLEMENTED as Cloud Run does", async () => {
    expect((await rejection(client.createService({ parent: PARENT, serviceId: "hello", service: service() }))).code).toBe(status.ALREADY_EXISTS);
    expect((await rejection(client.getService({ name: `${PARENT}/services/missing` }))).code).toBe(status.NOT_FOUND);
    expect((await rejection(client.deleteService({ name: `${PARENT}/services/missing` }))).code).toBe(status.NOT_FOUND);
    expect((await rejection(client.updateService({ service: { name: `${PARENT}/services/missing`, ...service() } }))).code).toBe(status.NOT_FOUND);
    expect((await rejection(client.getIamPolicy({ resource: `${PARENT}/services/missing` }))).code).toBe(status.NOT_FOUND);
    expect((await rejection(client.testIamPermissions({ resource: `${PARENT}/services/missing`, permissions: ["run.routes.invoke"] }))).code).toBe(status.NOT_FOUND);
    expect((await rejection(client.operationsClient.cancelOperation({ name: `${PARENT}/operations/any` } as protos.google.longrunning.CancelOperationRequest))).code).toBe(status.UNIMPLEMENTED);
  });

  it("keeps an invoker policy per service, refuses a malformed member naming the field, and forgets it with the service", async () => {
    const resource = `${PARENT}/services/hello`;
    const error = await rejection(client.setIamPolicy({ resource, policy: { bindings: [{ role: "roles/run.invoker", members: ["everyone"] }] } }));
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.statusDetails).toEqual([expect.objectContaining({ fieldViolations: [expect.objectContaining({ field: "policy.bindings[0].members" })] })]);
    await client.setIamPolicy({ resource, policy: { bindings: [{ role: "roles/run.invoker", members: ["allUsers"] }] } });
    expect((await client.getIamPolicy({ resource }))[0].bindings).toEqual([expect.objectContaining({ role: "roles/run.invoker", members: ["allUsers"] })]);

    const gone = `${PARENT}/services/iam-gone`;
    await (await client.createService({ parent: PARENT, serviceId: "iam-gone", service: service() }))[0].promise();
    await client.setIamPolicy({ resource: gone, policy: { bindings: [{ role: "roles/run.invoker", members: ["allUsers"] }] } });
    await (await client.deleteService({ name: gone }))[0].promise();
    await (await client.createService({ parent: PARENT, serviceId: "iam-gone", service: service() }))[0].promise();
    expect((await client.getIamPolicy({ resource: gone }))[0].bindings).toEqual([]);
  });

  it("throttles with RESOURCE_EXHAUSTED and the RATE_LIMIT_EXCEEDED reason, and counts every request", async () => {
    const before = emulator.requestCounts().GetService ?? 0;
    emulator.setFaults({ rate: 1, kinds: ["throttle"] });
    const error = await rejection(client.getService({ name: `${PARENT}/services/hello` }));
    emulator.setFaults(null);
    expect(error).toMatchObject({ code: status.RESOURCE_EXHAUSTED, reason: "RATE_LIMIT_EXCEEDED", domain: "googleapis.com" });
    expect(emulator.requestCounts().GetService).toBe(before + 1);
  });

  it("retries GetService on UNAVAILABLE by itself, as its configuration says", async () => {
    // The client's own policy: GetService retries UNAVAILABLE, which is what a dropped connection gives.
    const gets = () => emulator.requestCounts().GetService ?? 0;
    const before = gets();
    let calls = 0;
    emulator.setFaults({ rate: 0.5, kinds: ["drop"] });
    try {
      // Until at least one request was dropped and retried (more requests arrived than calls were made).
      while (gets() - before <= calls && calls < 20) {
        await client.getService({ name: `${PARENT}/services/hello` });
        calls++;
      }
    } finally {
      emulator.setFaults(null);
    }
    expect(gets() - before).toBeGreaterThan(calls);
  });
});

describe("Revisions over gRPC", () => {
  it("lists a service's revisions newest first, each with the conditions of its start, and refuses what Cloud Run refuses", async () => {
    const authClient = new OAuth2Client();
    authClient.setCredentials({ access_token: "dummy-test-token" });
    const revisions = new RevisionsClient({ apiEndpoint: "127.0.0.1", port: emulator.port, sslCreds: credentials.createInsecure(), authClient });
    try {
      const [created] = await client.createService({ parent: PARENT, serviceId: "revised", service: service() });
      await created.promise();
      const [updated] = await client.updateService({ service: { ...service({ image: "us-docker.pkg.dev/cloudrun/container/hello@sha256:" + "0".repeat(64) }), name: `${PARENT}/services/revised` } });
      await updated.promise().catch(() => undefined);

      const [listed] = await revisions.listRevisions({ parent: `${PARENT}/services/revised` }, { autoPaginate: false });
      expect(listed.map((r) => r.name!.split("/").pop())).toEqual([expect.stringMatching(/^revised-00002-/), expect.stringMatching(/^revised-00001-/)]);
      const states = (r: protos.google.cloud.run.v2.IRevision) => Object.fromEntries((r.conditions ?? []).map((c) => [c.type, c.state]));
      expect(states(listed[1])).toEqual({ Ready: "CONDITION_SUCCEEDED", ResourcesAvailable: "CONDITION_SUCCEEDED", ContainerHealthy: "CONDITION_SUCCEEDED" });
      expect(states(listed[0])).toEqual({ Ready: "CONDITION_FAILED", ResourcesAvailable: "CONDITION_FAILED", ContainerHealthy: "CONDITION_RECONCILING" });
      expect(listed[0].conditions!.find((c) => c.type === "Ready")).toMatchObject({ reason: "CONTAINER_MISSING", message: expect.stringMatching(/^Image '.*' not found\.$/) });

      const [one] = await revisions.getRevision({ name: listed[1].name });
      expect(one).toMatchObject({ service: `${PARENT}/services/revised`, containers: [expect.objectContaining({ image: "us-docker.pkg.dev/cloudrun/container/hello" })] });
      expect((await rejection(revisions.getRevision({ name: `${PARENT}/services/revised/revisions/nope` }))).code).toBe(status.NOT_FOUND);
      expect((await rejection(revisions.getRevision({ name: `${PARENT}/revisions/nope` }))).code).toBe(status.INVALID_ARGUMENT);
      expect((await rejection(revisions.listRevisions({ parent: `${PARENT}/services/never` }, { autoPaginate: false }))).code).toBe(status.NOT_FOUND);

      const [deleted] = await client.deleteService({ name: `${PARENT}/services/revised` });
      await deleted.promise();
      expect((await rejection(revisions.getRevision({ name: listed[1].name }))).code).toBe(status.NOT_FOUND);
    } finally {
      await revisions.close();
    }
  });
});

describe("quota and shutdown", () => {
  it("refuses the 1001st service of a region with RESOURCE_EXHAUSTED and a QuotaFailure", async () => {
    const parent = "projects/bulkhead-quota/locations/europe-west4";
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(Array.from({ length: 100 }, (_, i) => client.createService({ parent, serviceId: `s-${batch * 100 + i}`, service: service() })));
    }
    const error = await rejection(client.createService({ parent, serviceId: "one-too-many", service: service() }));
    expect(error.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(error.statusDetails).toEqual([expect.objectContaining({ violations: [expect.objectContaining({ subject: "project:bulkhead-quota" })] })]);
  });

  it("closes its port and connections when stopped", async () => {
    const other = await startEmulator();
    const otherClient = clientFor(other.port);
    await otherClient.listServices({ parent: PARENT });
    await other.stop();
    await otherClient.close();
    const refused = await new Promise<string>((resolve) => connect(other.port, "127.0.0.1").once("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "")).once("connect", () => resolve("connected")));
    expect(refused).toBe("ECONNREFUSED");
  });
});
