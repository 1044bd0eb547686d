// What Cloud Run's v2 API documents beyond create/get/update/delete, through the official client against the emulator:
// operations whose Any values carry their type URL, validate_only, allow_missing, etags, TestIamPermissions,
// ListOperations and WaitOperation.
import { protos, ServicesClient } from "@google-cloud/run";
import { credentials, makeClientConstructor, Metadata, status, type Client, type ServiceError } from "@grpc/grpc-js";
import { OAuth2Client } from "google-auth-library";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../emulator-types";
import { startEmulator } from "./emulator";
import { operationsService } from "./emulator-protos";

type Service = protos.google.cloud.run.v2.IService;
type Operation = protos.google.longrunning.IOperation;
/** google-gax types listOperations as answering the response message, but with autoPaginate: false it answers a page,
 * [operations, next request, response], as every paged list call does. */
const isPage = (answer: unknown): answer is [Operation[], ...unknown[]] => Array.isArray(answer) && Array.isArray(answer[0]);
const PARENT = "projects/bulkhead-options/locations/europe-west1";
const { Service: ServiceMessage } = protos.google.cloud.run.v2;
let emulator: RunningEmulator;
let client: ServicesClient;

beforeAll(async () => {
  // Long enough that an operation is still running when a test looks at it.
  emulator = await startEmulator({ provisionDelayMs: 400 });
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: "dummy-test-token" });
  client = new ServicesClient({ apiEndpoint: "127.0.0.1", port: emulator.port, sslCreds: credentials.createInsecure(), authClient });
});
afterAll(async () => {
  await client?.close();
  await emulator?.stop();
});

/** The operations client's request types are message classes; plain objects are what it sends. */
const request = <T>(fields: object) => fields as T;
const body = (maxInstances = 2): Service => ({ template: { scaling: { maxInstanceCount: maxInstances }, containers: [{ image: "us-docker.pkg.dev/cloudrun/container/hello" }] } });
const held = (id: string) => emulator.resourceNames().includes(`${PARENT}/services/${id}`);

async function rejection(call: Promise<unknown>): Promise<ServiceError> {
  const error = await call.then(() => null, (e: unknown) => e);
  expect(error).toMatchObject({ code: expect.any(Number), metadata: expect.any(Metadata) });
  return error as ServiceError;
}

/** google.longrunning.Operations through grpc-js alone (the Node client has no WaitOperation). */
function operationsStub(): Client & Record<string, (request: object, options: object, callback: (error: ServiceError | null, response: Operation) => void) => void> {
  const Operations = makeClientConstructor(operationsService, "Operations");
  return new Operations(`127.0.0.1:${emulator.port}`, credentials.createInsecure()) as never;
}

describe("long-running operations", () => {
  it("packs metadata and response as Any values whose type URL names google.cloud.run.v2.Service, so any client can unpack them", async () => {
    const [operation] = await client.createService({ parent: PARENT, serviceId: "typed", service: body() });
    await operation.promise();
    const [raw] = await client.operationsClient.getOperation(request({ name: operation.name }));
    for (const any of [raw.metadata, raw.response]) {
      expect(any?.type_url).toBe("type.googleapis.com/google.cloud.run.v2.Service");
      expect(ServiceMessage.decode(any!.value as Uint8Array).name).toBe(`${PARENT}/services/typed`);
    }
  });

  it("lists a location's operations, filtered by done:true or done:false, and refuses other filters naming the field", async () => {
    const [running] = await client.createService({ parent: PARENT, serviceId: "listed", service: body() });
    const names = async (filter?: string) => {
      const answer = await client.operationsClient.listOperations(request({ name: PARENT, filter }), { autoPaginate: false });
      if (!isPage(answer)) throw new Error("listOperations did not answer a page");
      return answer[0].map((o) => o.name);
    };
    expect(await names("done:false")).toContain(running.name);
    expect(await names("done:true")).not.toContain(running.name);
    expect(await names()).toContain(running.name);
    await running.promise();
    expect(await names("done:true")).toContain(running.name);
    const error = await rejection(client.operationsClient.listOperations(request({ name: PARENT, filter: "metadata.target=x" })));
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.message).toMatch(/ListOperationsRequest\.filter/);
  });

  it("WaitOperation returns once the operation is done, or with its latest state when the timeout comes first", async () => {
    const stub = operationsStub();
    const wait = (name: string, timeoutSeconds: number) =>
      new Promise<Operation>((resolve, reject) => stub.WaitOperation({ name, timeout: { seconds: timeoutSeconds } }, {}, (error, response) => (error ? reject(error) : resolve(response))));
    try {
      const [first] = await client.createService({ parent: PARENT, serviceId: "waited", service: body() });
      expect((await wait(first.name!, 30)).done).toBe(true);
      expect(held("waited")).toBe(true);

      const [second] = await client.updateService({ service: { name: `${PARENT}/services/waited`, ...body(3) } });
      const early = await wait(second.name!, 0);
      expect(early.done).toBe(false);
      expect((await wait(second.name!, 30)).done).toBe(true);
      await expect(wait(`${PARENT}/operations/none`, 1)).rejects.toMatchObject({ code: status.NOT_FOUND });
    } finally {
      stub.close();
    }
  });
});

describe("change requests", () => {
  it("validate_only checks a create, an update and a delete, and changes nothing", async () => {
    const [validated] = await client.createService({ parent: PARENT, serviceId: "dry-run", service: body(), validateOnly: true });
    expect(validated.done).toBe(true);
    expect(held("dry-run")).toBe(false);
    expect((await rejection(client.createService({ parent: PARENT, serviceId: "Dry-Run", service: body(), validateOnly: true }))).code).toBe(status.INVALID_ARGUMENT);

    await (await client.createService({ parent: PARENT, serviceId: "kept", service: body(2) }))[0].promise();
    const name = `${PARENT}/services/kept`;
    await client.updateService({ service: { name, ...body(9) }, validateOnly: true });
    await client.deleteService({ name, validateOnly: true });
    const [read] = await client.getService({ name });
    expect(read.template?.scaling?.maxInstanceCount).toBe(2);
    expect(read.generation).toBe("1");
  });

  it("UpdateService with allow_missing creates a service that does not exist; without it answers NOT_FOUND", async () => {
    const name = `${PARENT}/services/upserted`;
    expect((await rejection(client.updateService({ service: { name, ...body() } }))).code).toBe(status.NOT_FOUND);
    expect(held("upserted")).toBe(false);
    const [operation] = await client.updateService({ service: { name, ...body() }, allowMissing: true });
    const [created] = await operation.promise();
    expect(created).toMatchObject({ name, generation: expect.anything(), uri: expect.stringContaining("upserted-") });
    const invalid = await rejection(client.updateService({ service: { name: `${PARENT}/services/Not-An-Id`, ...body() }, allowMissing: true }));
    expect(invalid.code).toBe(status.INVALID_ARGUMENT);
    expect(invalid.message).toMatch(/UpdateServiceRequest\.service\.name/);
  });

  it("refuses an update or delete carrying a stale etag with ABORTED and leaves the service as it was", async () => {
    await (await client.createService({ parent: PARENT, serviceId: "fenced", service: body(2) }))[0].promise();
    const name = `${PARENT}/services/fenced`;
    const [read] = await client.getService({ name });
    await (await client.updateService({ service: { name, ...body(4), etag: read.etag } }))[0].promise();

    const stale = await rejection(client.updateService({ service: { name, ...body(6), etag: read.etag } }));
    expect(stale.code).toBe(status.ABORTED);
    expect((await rejection(client.deleteService({ name, etag: read.etag }))).code).toBe(status.ABORTED);
    const [after] = await client.getService({ name });
    expect(after.template?.scaling?.maxInstanceCount).toBe(4);
    await (await client.deleteService({ name, etag: after.etag }))[0].promise();
    expect(held("fenced")).toBe(false);
  });
});

describe("TestIamPermissions", () => {
  it("answers the permissions that apply to a service and refuses wildcards", async () => {
    await (await client.createService({ parent: PARENT, serviceId: "tested", service: body() }))[0].promise();
    const resource = `${PARENT}/services/tested`;
    const [held] = await client.testIamPermissions({ resource, permissions: ["run.services.get", "run.routes.invoke", "storage.buckets.get"] });
    expect(held.permissions).toEqual(["run.services.get", "run.routes.invoke"]);
    expect((await rejection(client.testIamPermissions({ resource, permissions: ["run.*"] }))).code).toBe(status.INVALID_ARGUMENT);
  });
});
