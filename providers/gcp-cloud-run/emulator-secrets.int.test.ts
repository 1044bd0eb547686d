// The emulator's Secret Manager, and Cloud Run revisions reading it when they start, through the official
// clients with no adapter in between; then a Python gRPC client compiled from the same protos.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { protos, ServicesClient } from "@google-cloud/run";
import { SecretManagerServiceClient } from "@google-cloud/secret-manager";
import { credentials, Metadata, status, type ServiceError } from "@grpc/grpc-js";
import { OAuth2Client } from "google-auth-library";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../emulator-types";
import { debianPython, isolatedEnvironment, protoc, startStandaloneEmulator } from "../testing/independent-clients";
import { crc32c } from "./crc32c";
import { startEmulator } from "./emulator";
import { secretManagerProtoDirectories } from "./emulator-protos";

type ClientError = ServiceError & { statusDetails?: unknown[] };
const PROJECT = "projects/bulkhead-test";
const LOCATION = "projects/bulkhead-test/locations/europe-west1";
const RUNNER = "runner@bulkhead-test.iam.gserviceaccount.com";
let emulator: RunningEmulator;
let secrets: SecretManagerServiceClient;
let run: ServicesClient;

function options(port: number) {
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: "dummy-test-token" });
  return { apiEndpoint: "127.0.0.1", port, sslCreds: credentials.createInsecure(), authClient };
}

beforeAll(async () => {
  emulator = await startEmulator({ provisionDelayMs: 80, projectSecretAccessors: { "bulkhead-shared": [`serviceAccount:${RUNNER}`] } });
  secrets = new SecretManagerServiceClient(options(emulator.port));
  run = new ServicesClient(options(emulator.port));
  // IAM policies name only accounts that exist: the revisions' account is made first, through IAM's REST API.
  const made = await fetch(`${emulator.url}/v1/projects/bulkhead-test/serviceAccounts`, { method: "POST", body: JSON.stringify({ accountId: RUNNER.split("@")[0] }) });
  expect(made.status).toBe(200);
});
afterAll(async () => {
  await secrets?.close();
  await run?.close();
  await emulator?.stop();
});

async function rejection(call: Promise<unknown>): Promise<ClientError> {
  const error = await call.then(() => null, (e: unknown) => e);
  expect(error).toMatchObject({ code: expect.any(Number), metadata: expect.any(Metadata) });
  return error as ClientError;
}
const create = (secretId: string, labels: Record<string, string> = {}, parent = PROJECT) => secrets.createSecret({ parent, secretId, secret: { replication: { automatic: {} }, labels } });
const add = (parent: string, text: string, checksum?: number) => secrets.addSecretVersion({ parent, payload: { data: Buffer.from(text), ...(checksum !== undefined ? { dataCrc32c: checksum } : {}) } });

describe("Secret Manager", () => {
  it("creates a secret, numbers its versions, gives back their data with its CRC32C, and deletes it with its versions", async () => {
    const [secret] = await create("db-password", { app: "orders" });
    expect(secret).toMatchObject({ name: `${PROJECT}/secrets/db-password`, labels: { app: "orders" }, replication: { automatic: {} } });
    const [one] = await add(secret.name!, "first", crc32c(Buffer.from("first")));
    const [two] = await add(secret.name!, "second");
    expect([one.name, two.name]).toEqual([`${secret.name}/versions/1`, `${secret.name}/versions/2`]);
    expect(one).toMatchObject({ state: "ENABLED", clientSpecifiedPayloadChecksum: true });
    expect(two.clientSpecifiedPayloadChecksum).toBe(false);

    const [latest] = await secrets.accessSecretVersion({ name: `${secret.name}/versions/latest` });
    expect(latest.name).toBe(`${secret.name}/versions/2`);
    expect(Buffer.from(latest.payload!.data as Uint8Array).toString()).toBe("second");
    expect(Number(latest.payload!.dataCrc32c)).toBe(crc32c(Buffer.from("second")));
    const [versions] = await secrets.listSecretVersions({ parent: secret.name }, { autoPaginate: false });
    expect(versions.map((v) => v.name)).toEqual([two.name, one.name]);
    expect(emulator.storedSecrets()).toMatchObject({ [one.name!]: "first", [two.name!]: "second" });

    await secrets.disableSecretVersion({ name: one.name });
    expect((await rejection(secrets.accessSecretVersion({ name: one.name }))).code).toBe(status.FAILED_PRECONDITION);
    await secrets.destroySecretVersion({ name: two.name });
    expect(emulator.storedSecrets()[two.name!]).toBeUndefined();

    await secrets.deleteSecret({ name: secret.name });
    expect((await rejection(secrets.getSecret({ name: secret.name }))).code).toBe(status.NOT_FOUND);
    expect(Object.keys(emulator.storedSecrets()).filter((key) => key.startsWith(secret.name!))).toEqual([]);
  });

  it.each<[string, () => Promise<unknown>, status, string?]>([
    ["a secret id with a dot", () => create("db.password"), status.INVALID_ARGUMENT, "secret_id"],
    ["a secret id of 256 characters", () => create("s".repeat(256)), status.INVALID_ARGUMENT, "secret_id"],
    ["a secret without replication", () => secrets.createSecret({ parent: PROJECT, secretId: "no-replication", secret: {} }), status.INVALID_ARGUMENT, "secret.replication"],
    ["an upper-case label key", () => create("labelled", { App: "x" }), status.INVALID_ARGUMENT, "secret.labels"],
    ["a malformed parent", () => create("x", {}, "bulkhead-test"), status.INVALID_ARGUMENT, "parent"],
    ["a version without a payload", () => secrets.addSecretVersion({ parent: `${PROJECT}/secrets/kept` }), status.INVALID_ARGUMENT, "payload"],
    ["a payload over 64 KiB", () => add(`${PROJECT}/secrets/kept`, "x".repeat(64 * 1024 + 1)), status.INVALID_ARGUMENT, "payload.data"],
    ["a checksum that does not match the data", () => add(`${PROJECT}/secrets/kept`, "data", 12345), status.INVALID_ARGUMENT, "payload.data_crc32c"],
    ["a version of a secret that does not exist", () => add(`${PROJECT}/secrets/nowhere`, "x"), status.NOT_FOUND],
    ["a version number that does not exist", () => secrets.getSecretVersion({ name: `${PROJECT}/secrets/kept/versions/9` }), status.NOT_FOUND],
    ["a second secret of the same id", () => create("kept"), status.ALREADY_EXISTS],
  ])("refuses %s", async (_, call, code, field) => {
    if (!(await secrets.getSecret({ name: `${PROJECT}/secrets/kept` }).then(() => true, () => false))) await create("kept");
    const error = await rejection(call());
    expect(error.code).toBe(code);
    if (field) expect(error.statusDetails).toEqual([expect.objectContaining({ fieldViolations: expect.arrayContaining([expect.objectContaining({ field })]) })]);
  });

  it("lists secrets by label, newest first, page by page", async () => {
    for (const id of ["l-one", "l-two", "l-three"]) await create(id, { team: id === "l-two" ? "blue" : "red", app: "lister" });
    const names = async (filter: string) => (await secrets.listSecrets({ parent: PROJECT, filter }))[0].map((s) => s.name!.split("/").pop());
    expect(await names("labels.app=lister")).toEqual(["l-three", "l-two", "l-one"]);
    expect(await names("labels.app=lister AND labels.team=red")).toEqual(["l-three", "l-one"]);
    expect(await names("labels.app=lister labels.team:*")).toHaveLength(3);
    expect(await names("name:l-t")).toEqual(["l-three", "l-two"]);
    const [page, next] = await secrets.listSecrets({ parent: PROJECT, filter: "labels.app=lister", pageSize: 2 }, { autoPaginate: false });
    expect(page).toHaveLength(2);
    expect(next?.pageToken).toBeTruthy();
  });

  it("keeps an IAM policy per secret", async () => {
    const [secret] = await create("with-policy");
    await secrets.setIamPolicy({ resource: secret.name, policy: { bindings: [{ role: "roles/secretmanager.secretAccessor", members: [`serviceAccount:${RUNNER}`] }] } });
    expect((await secrets.getIamPolicy({ resource: secret.name }))[0].bindings).toEqual([expect.objectContaining({ role: "roles/secretmanager.secretAccessor", members: [`serviceAccount:${RUNNER}`] })]);
    expect((await rejection(secrets.getIamPolicy({ resource: `${PROJECT}/secrets/none` }))).code).toBe(status.NOT_FOUND);
  });
});

describe("a Cloud Run revision reads its secrets when it starts", () => {
  const service = (serviceAccount: string | undefined, env: protos.google.cloud.run.v2.IEnvVar[]): protos.google.cloud.run.v2.IService => ({
    template: { ...(serviceAccount ? { serviceAccount } : {}), containers: [{ image: "us-docker.pkg.dev/cloudrun/container/hello", env: [{ name: "PLAIN", value: "yes" }, ...env] }] },
  });
  const fromSecret = (name: string, secret: string, version: string) => ({ name, valueSource: { secretKeyRef: { secret, version } } });

  async function deploy(serviceId: string, body: protos.google.cloud.run.v2.IService, parent = LOCATION) {
    const [operation] = await run.createService({ parent, serviceId, service: body });
    return operation.promise().then(
      () => ({ ok: true as const, message: "" }),
      (error: Error) => ({ ok: false as const, message: error.message }),
    );
  }

  it("puts an accessible, enabled version into the environment", async () => {
    await create("api-key");
    await add(`${PROJECT}/secrets/api-key`, "k-1");
    await add(`${PROJECT}/secrets/api-key`, "k-2");
    await secrets.setIamPolicy({ resource: `${PROJECT}/secrets/api-key`, policy: { bindings: [{ role: "roles/secretmanager.secretAccessor", members: [`serviceAccount:${RUNNER}`] }] } });
    const result = await deploy("reader", service(RUNNER, [fromSecret("PINNED", "api-key", "1"), fromSecret("LATEST", `${PROJECT}/secrets/api-key`, "latest")]));
    expect(result).toEqual({ ok: true, message: "" });
    expect(emulator.containerEnvironments()[`${LOCATION}/services/reader`]).toEqual({ PLAIN: "yes", PINNED: "k-1", LATEST: "k-2" });
  });

  it("accepts a project-wide grant of Secret Accessor", async () => {
    await create("shared", {}, "projects/bulkhead-shared");
    await add("projects/bulkhead-shared/secrets/shared", "from-project");
    const result = await deploy("shared-reader", service(RUNNER, [fromSecret("SHARED", "shared", "1")]), "projects/bulkhead-shared/locations/europe-west1");
    expect(result.ok).toBe(true);
    expect(emulator.containerEnvironments()["projects/bulkhead-shared/locations/europe-west1/services/shared-reader"]).toEqual({ PLAIN: "yes", SHARED: "from-project" });
  });

  it.each<[string, () => Promise<unknown>, string | undefined, { secret: string; version: string }, RegExp]>([
    ["a secret that does not exist", async () => undefined, RUNNER, { secret: "never-made", version: "1" }, /env\[1\]\.value_from\.secret_key_ref\.name: Secret projects\/bulkhead-test\/secrets\/never-made\/versions\/1 was not found/],
    [
      "an account without Secret Accessor",
      async () => {
        await create("locked");
        await add(`${PROJECT}/secrets/locked`, "x");
      },
      RUNNER,
      { secret: "locked", version: "1" },
      /Permission denied on secret: projects\/bulkhead-test\/secrets\/locked\/versions\/1 for Revision service account runner@bulkhead-test\.iam\.gserviceaccount\.com\. The service account used must be granted the 'Secret Manager Secret Accessor' role/,
    ],
    [
      "the default compute account when the template names none",
      async () => undefined,
      undefined,
      { secret: "api-key", version: "1" },
      /Permission denied on secret: .* for Revision service account \d{12}-compute@developer\.gserviceaccount\.com/,
    ],
    ["a version that does not exist", async () => undefined, RUNNER, { secret: "api-key", version: "7" }, /Secret projects\/bulkhead-test\/secrets\/api-key\/versions\/7 was not found/],
    [
      "a disabled version",
      async () => {
        await secrets.disableSecretVersion({ name: `${PROJECT}/secrets/api-key/versions/2` });
      },
      RUNNER,
      { secret: "api-key", version: "2" },
      /versions\/2 is disabled/,
    ],
  ])("fails the revision for %s, in Cloud Run's words", async (label, prepare, account, ref, reason) => {
    await prepare();
    const id = `broken-${label.length}`;
    const result = await deploy(id, service(account, [fromSecret("S", ref.secret, ref.version)]));
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/Revision '.*' is not ready and cannot serve traffic\. spec\.template\.spec\.containers\[0\]/);
    expect(result.message).toMatch(reason);
    const [read] = await run.getService({ name: `${LOCATION}/services/${id}` });
    expect(read.terminalCondition).toMatchObject({ state: "CONDITION_FAILED", reason: "SECRETS_ACCESS_CHECK_FAILED" });
    expect(emulator.containerEnvironments()[`${LOCATION}/services/${id}`]).toBeUndefined();
  });
});

describe("a Python gRPC client, compiled by protoc from the protos @google-cloud/secret-manager ships", () => {
  it("creates a secret, adds a version, reads it back and deletes it against the standalone emulator", { timeout: 120_000 }, async () => {
    const out = await mkdtemp(path.join(tmpdir(), "bulkhead-sm-python-"));
    const standalone = await startStandaloneEmulator("gcp-cloud-run");
    try {
      const port = new URL(standalone.url).port;
      const script = path.join(path.dirname(new URL(import.meta.url).pathname), "conformance", "secret_manager_client.py");
      const includes = secretManagerProtoDirectories.flatMap((dir) => ["--include", dir]);
      const { stdout } = await promisify(execFile)(debianPython(), [script, "--protoc", protoc(), "--out", out, "--target", `127.0.0.1:${port}`, ...includes], {
        env: isolatedEnvironment(),
        timeout: 100_000,
      });
      const report = JSON.parse(stdout.trim().split("\n").pop()!);
      expect(report).toEqual({
        created: "projects/python-conformance/secrets/from-python",
        version: "projects/python-conformance/secrets/from-python/versions/1",
        accessed: "a value from Python",
        checksumMatches: true,
        missingAfterDelete: "NOT_FOUND",
        duplicate: "ALREADY_EXISTS",
        badId: "INVALID_ARGUMENT",
      });
    } finally {
      await standalone.stop();
      await rm(out, { recursive: true, force: true });
    }
  });
});
