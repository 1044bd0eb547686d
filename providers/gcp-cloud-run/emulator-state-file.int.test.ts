// With a state folder the emulator is a cloud that outlives a restart: services (even one stopped mid-rollout),
// their invoker policies, secrets, service accounts and load-balancer resources are all there at the next start.
import { statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ServicesClient } from "@google-cloud/run";
import { SecretManagerServiceClient } from "@google-cloud/secret-manager";
import { credentials } from "@grpc/grpc-js";
import { OAuth2Client } from "google-auth-library";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startEmulator } from "./emulator";

const PARENT = "projects/bulkhead-kept/locations/europe-west1";
const ACCOUNT = "keeper-one@bulkhead-kept.iam.gserviceaccount.com";
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "bulkhead-gcp-state-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function clients(port: number) {
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: "dummy-test-token" });
  const options = { apiEndpoint: "127.0.0.1", port, sslCreds: credentials.createInsecure(), authClient };
  return { run: new ServicesClient(options), secrets: new SecretManagerServiceClient(options) };
}
const service = (max: number) => ({ template: { serviceAccount: ACCOUNT, scaling: { maxInstanceCount: max }, containers: [{ image: "us-docker.pkg.dev/cloudrun/container/hello" }] } });

it("finds every resource again after a stop and a start on the same folder, and finishes a rollout the stop interrupted", async () => {
  const first = await startEmulator({ stateDir: dir, provisionDelayMs: 50 });
  const one = clients(first.port);
  try {
    expect((await fetch(`${first.url}/v1/projects/bulkhead-kept/serviceAccounts`, { method: "POST", body: JSON.stringify({ accountId: "keeper-one" }) })).status).toBe(200);
    await (await one.run.createService({ parent: PARENT, serviceId: "kept", service: service(2) }))[0].promise();
    await one.run.setIamPolicy({ resource: `${PARENT}/services/kept`, policy: { bindings: [{ role: "roles/run.invoker", members: [`serviceAccount:${ACCOUNT}`] }] } });
    const [secret] = await one.secrets.createSecret({ parent: "projects/bulkhead-kept", secretId: "kept-secret", secret: { replication: { automatic: {} } } });
    await one.secrets.addSecretVersion({ parent: secret.name, payload: { data: Buffer.from("still here") } });
    await fetch(`${first.url}/compute/v1/projects/bulkhead-kept/global/sslPolicies`, { method: "POST", body: JSON.stringify({ name: "kept-tls12", minTlsVersion: "TLS_1_2" }) });
    // Stopped while this rollout is still reconciling.
    await one.run.updateService({ service: { name: `${PARENT}/services/kept`, ...service(5) } });
  } finally {
    await one.run.close();
    await one.secrets.close();
    await first.stop();
  }
  expect(statSync(path.join(dir, "gcp-cloud-run.json")).mode & 0o777).toBe(0o600);

  const second = await startEmulator({ stateDir: dir, provisionDelayMs: 50 });
  const two = clients(second.port);
  try {
    expect(second.resourceNames()).toEqual([`${PARENT}/services/kept`]);
    for (let tries = 0; ; tries++) {
      const [read] = await two.run.getService({ name: `${PARENT}/services/kept` });
      if (!read.reconciling) {
        expect(read).toMatchObject({ generation: "2", terminalCondition: { state: "CONDITION_SUCCEEDED" }, template: { scaling: { maxInstanceCount: 5 } } });
        break;
      }
      expect(tries).toBeLessThan(100);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await two.run.getIamPolicy({ resource: `${PARENT}/services/kept` }))[0].bindings?.[0].members).toEqual([`serviceAccount:${ACCOUNT}`]);
    expect(second.storedSecrets()).toEqual({ "projects/bulkhead-kept/secrets/kept-secret/versions/1": "still here" });
    expect((await (await fetch(`${second.url}/v1/projects/bulkhead-kept/serviceAccounts/${ACCOUNT}`)).json()).email).toBe(ACCOUNT);
    expect((await (await fetch(`${second.url}/compute/v1/projects/bulkhead-kept/global/sslPolicies/kept-tls12`)).json()).minTlsVersion).toBe("TLS_1_2");
  } finally {
    await two.run.close();
    await two.secrets.close();
    await second.stop();
  }
});

it("without a state folder starts empty every time", async () => {
  const emulator = await startEmulator();
  try {
    expect(emulator.resourceNames()).toEqual([]);
    expect(emulator.storedSecrets()).toEqual({});
  } finally {
    await emulator.stop();
  }
});
