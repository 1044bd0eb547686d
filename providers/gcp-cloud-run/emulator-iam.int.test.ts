// The emulator's IAM: service accounts over REST on the Cloud Run port, and the IAM policies of Cloud Run services and
// Secret Manager secrets, which may name a service account only while it exists.
import { protos, ServicesClient } from "@google-cloud/run";
import { SecretManagerServiceClient } from "@google-cloud/secret-manager";
import { credentials, status } from "@grpc/grpc-js";
import { OAuth2Client } from "google-auth-library";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../emulator-types";
import { startEmulator } from "./emulator";

const PROJECT = "bulkhead-iam";
const PARENT = `projects/${PROJECT}/locations/europe-west1`;
let emulator: RunningEmulator;
let run: ServicesClient;
let secrets: SecretManagerServiceClient;

beforeAll(async () => {
  emulator = await startEmulator({ provisionDelayMs: 50, serviceAccountsPerProject: 5 });
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: "dummy-test-token" });
  const options = { apiEndpoint: "127.0.0.1", port: emulator.port, sslCreds: credentials.createInsecure(), authClient };
  run = new ServicesClient(options);
  secrets = new SecretManagerServiceClient(options);
});
afterAll(async () => {
  await run?.close();
  await secrets?.close();
  await emulator?.stop();
});

async function iam(method: string, path: string, body?: object): Promise<{ status: number; body: Record<string, any> }> {
  const response = await fetch(`${emulator.url}${path}`, { method, headers: { "content-type": "application/json", authorization: "Bearer dummy-test-token" }, body: body && JSON.stringify(body) });
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  return { status: response.status, body: await response.json() };
}
const create = (accountId: string, project = PROJECT) => iam("POST", `/v1/projects/${project}/serviceAccounts`, { accountId, serviceAccount: { displayName: `Account ${accountId}` } });
const email = (accountId: string, project = PROJECT) => `${accountId}@${project}.iam.gserviceaccount.com`;

describe("service accounts over REST", () => {
  it("creates, reads by email or unique id, lists, patches, disables and deletes an account", async () => {
    const created = await create("orders-api");
    expect(created).toMatchObject({ status: 200, body: { name: `projects/${PROJECT}/serviceAccounts/${email("orders-api")}`, email: email("orders-api"), projectId: PROJECT, displayName: "Account orders-api", disabled: false } });
    const uniqueId: string = created.body.uniqueId;
    expect(uniqueId).toMatch(/^\d{21}$/);

    expect((await iam("GET", `/v1/projects/${PROJECT}/serviceAccounts/${email("orders-api")}`)).body.uniqueId).toBe(uniqueId);
    expect((await iam("GET", `/v1/projects/-/serviceAccounts/${uniqueId}`)).body.email).toBe(email("orders-api"));
    expect((await iam("GET", `/v1/projects/${PROJECT}/serviceAccounts`)).body.accounts.map((a: { email: string }) => a.email)).toEqual([email("orders-api")]);

    const patched = await iam("PATCH", `/v1/projects/${PROJECT}/serviceAccounts/${email("orders-api")}`, { serviceAccount: { description: "runs orders" }, updateMask: "description" });
    expect(patched.body).toMatchObject({ description: "runs orders", displayName: "Account orders-api" });
    await iam("POST", `/v1/projects/${PROJECT}/serviceAccounts/${email("orders-api")}:disable`);
    expect((await iam("GET", `/v1/projects/${PROJECT}/serviceAccounts/${email("orders-api")}`)).body.disabled).toBe(true);

    expect(await iam("DELETE", `/v1/projects/${PROJECT}/serviceAccounts/${email("orders-api")}`)).toEqual({ status: 200, body: {} });
    expect(await iam("GET", `/v1/projects/${PROJECT}/serviceAccounts/${email("orders-api")}`)).toMatchObject({ status: 404, body: { error: { code: 404, status: "NOT_FOUND" } } });
    expect((await iam("GET", `/v1/projects/${PROJECT}/serviceAccounts`)).body).toEqual({});
  });

  it.each([
    ["an id of 5 characters", "abcde"],
    ["an id of 31 characters", "a".repeat(31)],
    ["an id with capitals", "Orders-api"],
    ["an id ending in a hyphen", "orders-"],
  ])("refuses %s with 400 INVALID_ARGUMENT naming accountId, creating nothing", async (_, accountId) => {
    const answer = await create(accountId);
    expect(answer).toMatchObject({ status: 400, body: { error: { status: "INVALID_ARGUMENT", message: expect.stringContaining("accountId") } } });
    expect((await iam("GET", `/v1/projects/${PROJECT}/serviceAccounts`)).body.accounts ?? []).not.toContainEqual(expect.objectContaining({ email: email(accountId) }));
  });

  it("answers a second create of the same id with 409 ALREADY_EXISTS naming the account, and the project quota with 429", async () => {
    await create("twice-made", "bulkhead-quota");
    expect(await create("twice-made", "bulkhead-quota")).toMatchObject({
      status: 409,
      body: { error: { status: "ALREADY_EXISTS", message: "Service account twice-made already exists within project projects/bulkhead-quota.", errors: [{ reason: "alreadyExists" }] } },
    });
    for (const n of [2, 3, 4, 5]) expect((await create(`account-${n}`, "bulkhead-quota")).status).toBe(200);
    expect(await create("account-6", "bulkhead-quota")).toMatchObject({ status: 429, body: { error: { status: "RESOURCE_EXHAUSTED", message: "Maximum number of service accounts on project reached." } } });
  });

  it("answers an unknown path with 404, and a body that is not JSON with 400", async () => {
    expect((await iam("GET", "/v1/projects/x/unknown")).status).toBe(404);
    const response = await fetch(`${emulator.url}/v1/projects/${PROJECT}/serviceAccounts`, { method: "POST", body: "{not json" });
    expect(response.status).toBe(400);
  });
});

describe("IAM policies name only accounts that exist", () => {
  const invoker = (member: string): protos.google.iam.v1.IPolicy => ({ bindings: [{ role: "roles/run.invoker", members: [member] }] });

  it("a Cloud Run service's policy refuses an account that does not exist, with IAM's INVALID_ARGUMENT, and keeps the policy it had", async () => {
    await (await run.createService({ parent: PARENT, serviceId: "callee", service: { template: { containers: [{ image: "us-docker.pkg.dev/cloudrun/container/hello" }] } } }))[0].promise();
    const resource = `${PARENT}/services/callee`;
    await create("caller-one");
    await run.setIamPolicy({ resource, policy: invoker(`serviceAccount:${email("caller-one")}`) });

    const refused = await run.setIamPolicy({ resource, policy: invoker(`serviceAccount:${email("never-made")}`) }).then(() => null, (e: { code: number; details: string }) => e);
    expect(refused).toMatchObject({ code: status.INVALID_ARGUMENT, details: `Service account ${email("never-made")} does not exist.` });
    expect((await run.getIamPolicy({ resource }))[0].bindings).toEqual([expect.objectContaining({ members: [`serviceAccount:${email("caller-one")}`] })]);
  });

  it("reads a binding whose account was deleted since as deleted:serviceAccount:…?uid=…, even after an account of the same name is made again", async () => {
    const resource = `${PARENT}/services/callee`;
    const uniqueId = (await create("caller-two")).body.uniqueId;
    await run.setIamPolicy({ resource, policy: invoker(`serviceAccount:${email("caller-two")}`) });
    await iam("DELETE", `/v1/projects/${PROJECT}/serviceAccounts/${email("caller-two")}`);
    const deleted = `deleted:serviceAccount:${email("caller-two")}?uid=${uniqueId}`;
    expect((await run.getIamPolicy({ resource }))[0].bindings?.[0].members).toEqual([deleted]);
    await create("caller-two");
    expect((await run.getIamPolicy({ resource }))[0].bindings?.[0].members).toEqual([deleted]);
  });

  it("refuses a service that runs as an account that does not exist, as Cloud Run does (PERMISSION_DENIED, actAs), creating nothing", async () => {
    const body = (serviceAccount: string) => ({ template: { serviceAccount, containers: [{ image: "us-docker.pkg.dev/cloudrun/container/hello" }] } });
    const refused = await run.createService({ parent: PARENT, serviceId: "runs-as-nobody", service: body(email("nobody-yet")) }).then(() => null, (e: { code: number; details: string }) => e);
    expect(refused).toMatchObject({ code: status.PERMISSION_DENIED, details: `Permission 'iam.serviceaccounts.actAs' denied on service account ${email("nobody-yet")} (or it may not exist).` });
    expect(emulator.resourceNames()).not.toContain(`${PARENT}/services/runs-as-nobody`);
    await create("nobody-yet");
    await (await run.createService({ parent: PARENT, serviceId: "runs-as-nobody", service: body(email("nobody-yet")) }))[0].promise();
    expect(emulator.resourceNames()).toContain(`${PARENT}/services/runs-as-nobody`);
  });

  it("SetIamPolicy with a stale etag is ABORTED; with the current one it applies", async () => {
    const resource = `${PARENT}/services/callee`;
    const [read] = await run.getIamPolicy({ resource });
    await run.setIamPolicy({ resource, policy: { ...invoker("allUsers"), etag: read.etag } });
    const stale = await run.setIamPolicy({ resource, policy: { ...invoker("allAuthenticatedUsers"), etag: read.etag } }).then(() => null, (e: { code: number }) => e);
    expect(stale).toMatchObject({ code: status.ABORTED });
    expect((await run.getIamPolicy({ resource }))[0].bindings?.[0].members).toEqual(["allUsers"]);
  });

  it("a secret's policy refuses an account that does not exist, and accepts the project's default compute account", async () => {
    const [secret] = await secrets.createSecret({ parent: `projects/${PROJECT}`, secretId: "guarded", secret: { replication: { automatic: {} } } });
    const accessor = (member: string) => ({ resource: secret.name, policy: { bindings: [{ role: "roles/secretmanager.secretAccessor", members: [member] }] } });
    const refused = await secrets.setIamPolicy(accessor(`serviceAccount:${email("nobody-here")}`)).then(() => null, (e: { code: number }) => e);
    expect(refused).toMatchObject({ code: status.INVALID_ARGUMENT });
    await secrets.setIamPolicy(accessor("serviceAccount:123456789012-compute@developer.gserviceaccount.com"));
    expect((await secrets.getIamPolicy({ resource: secret.name }))[0].bindings?.[0].members).toEqual(["serviceAccount:123456789012-compute@developer.gserviceaccount.com"]);
  });
});
