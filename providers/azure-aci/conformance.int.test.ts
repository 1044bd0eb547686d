// Conformance by clients Bulkhead did not write: Debian's python3-azure (azure-mgmt-containerinstance and
// azure-mgmt-network) drives create → update → read → delete of a container group in a delegated subnet and of a
// network security group rule against the standalone emulator, as `npm run emulator -- azure-aci --port 0` runs it,
// trusting exactly the certificate it serves. CI installs the package (.ci/run): a missing client fails, never skips.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { connect } from "node:tls";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { debianPython, isolatedEnvironment, startStandaloneEmulator, type StandaloneEmulator } from "@/providers/testing/independent-clients";

const run = promisify(execFile);
const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "conformance", "azure_clients.py");
const subscription = "00000000-0000-4000-8000-000000000000";

let emulator: StandaloneEmulator;
let folder: string;
let certificate: string;

/** The certificate the emulator serves, as PEM: what the client is told to trust. */
function servedCertificate(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), rejectUnauthorized: false }, () => {
      const der = socket.getPeerCertificate().raw;
      socket.end();
      resolve(`-----BEGIN CERTIFICATE-----\n${der.toString("base64").match(/.{1,64}/g)!.join("\n")}\n-----END CERTIFICATE-----\n`);
    });
    socket.on("error", reject);
  });
}

beforeAll(async () => {
  const python = debianPython();
  // The Azure libraries come from Debian's python3-azure; say so instead of failing on an import.
  await run(python, ["-c", "import azure.mgmt.containerinstance, azure.mgmt.network"], { env: isolatedEnvironment() }).catch(() => {
    throw new Error("Debian's Azure SDK for Python is missing: install it with `sudo apt-get install -y python3-azure` (.ci/run does)");
  });
  emulator = await startStandaloneEmulator("azure-aci", ["--delay", "100"]);
  folder = mkdtempSync(path.join(tmpdir(), "bulkhead-azure-conformance-"));
  certificate = path.join(folder, "emulator.pem");
  writeFileSync(certificate, await servedCertificate(emulator.url));
}, 60_000);
afterAll(async () => {
  await emulator?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

it("Debian's Python Azure SDK creates, updates, reads and deletes an NSG rule and a container group in a delegated subnet", async () => {
  const { stdout } = await run(debianPython(), [script, emulator.url, certificate, subscription], { env: isolatedEnvironment(), timeout: 120_000 });
  const steps = Object.fromEntries(
    stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { step: string })
      .map((entry) => [entry.step, entry]),
  );
  const subnetId = `/subscriptions/${subscription}/resourceGroups/py-net/providers/Microsoft.Network/virtualNetworks/py-vnet/subnets/aci`;
  expect(steps.subnet).toMatchObject({ id: subnetId, delegations: ["Microsoft.ContainerInstance/containerGroups"], nsg: expect.stringMatching(/networkSecurityGroups\/py-nsg$/) });
  expect(steps["rule created"]).toMatchObject({ name: "py-rule", priority: 1200, state: "Succeeded" });
  expect(steps["rule updated"]).toMatchObject({ port: "9090" });
  expect(steps["rule read"]).toMatchObject({ port: "9090", source: "10.9.0.4", access: "Allow" });
  expect(steps["rule deleted"]).toMatchObject({ gone: true, code: "NotFound" });
  expect(steps["group created"]).toMatchObject({ state: "Succeeded", ip_type: "Private", ip: expect.stringMatching(/^10\./), subnet: subnetId });
  expect(steps["group updated"]).toMatchObject({ image: expect.stringContaining("@sha256:bbbb"), state: "Succeeded" });
  expect(steps["group tagged"]).toMatchObject({ tags: { client: "python", stage: "tagged" } });
  expect(steps["group read"]).toMatchObject({ image: expect.stringContaining("@sha256:bbbb"), state: "Running", tags: { stage: "tagged" }, logs: expect.stringMatching(/Listening on port 8080/) });
  expect(steps["group deleted"]).toMatchObject({ gone: true, code: "ResourceNotFound" });
}, 150_000);
