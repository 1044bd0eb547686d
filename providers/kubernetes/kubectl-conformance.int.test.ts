// Conformance with a client Bulkhead did not write: kubectl (/usr/bin/kubectl, v1.32) against the emulator through a
// kubeconfig holding its CA and a token. `--validate=false` on apply: kubectl's own validation downloads the
// cluster's full OpenAPI documents (/openapi/v3, else /openapi/v2) to check fields client-side, which the emulator
// does not serve; the emulator validates on the server as the API server does, and that is what is tested here.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "@/providers/emulator-types";
import { startEmulator } from "./emulator";

const KUBECTL = "/usr/bin/kubectl";
const run = promisify(execFile);

let emulator: RunningEmulator;
let dir: string;

beforeAll(async () => {
  if (!existsSync(KUBECTL)) throw new Error(`${KUBECTL} is missing: install kubectl v1.32 (.ci/run does)`);
  emulator = await startEmulator({ provisionDelayMs: 200, tokens: { "kubectl-token": { user: "ci" } } });
  dir = mkdtempSync(path.join(tmpdir(), "kubectl-conformance-"));
  writeFileSync(path.join(dir, "ca.pem"), emulator.caCertificate!);
  writeFileSync(
    path.join(dir, "kubeconfig"),
    [
      "apiVersion: v1",
      "kind: Config",
      `clusters: [{name: emulator, cluster: {server: "${emulator.url}", certificate-authority: "${path.join(dir, "ca.pem")}"}}]`,
      "users: [{name: ci, user: {token: kubectl-token}}]",
      "contexts: [{name: emulator, context: {cluster: emulator, user: ci}}]",
      "current-context: emulator",
    ].join("\n"),
  );
});
afterAll(async () => {
  await emulator?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const manifest = (replicas: number, image = "nginx:1.27") => `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: ${image}
        ports: [{containerPort: 80}]
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: {app: web}
  ports: [{port: 80}]
`;

async function kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { NODE_ENV: "test", PATH: "/usr/bin:/bin", HOME: dir, KUBECONFIG: path.join(dir, "kubeconfig"), NO_PROXY: "127.0.0.1" };
  try {
    const { stdout, stderr } = await run(KUBECTL, args, { env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === "number" ? failed.code : 1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

function write(name: string, text: string): string {
  writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
}

describe("kubectl against the emulator", () => {
  it("applies server-side, reads back, waits for the rollout, meets a conflict, forces it and deletes", async () => {
    const first = await kubectl("apply", "--server-side", "--validate=false", "--field-manager=bulkhead", "-f", write("v1.yaml", manifest(2)));
    expect(first.stderr).toBe("");
    expect(first.stdout.trim().split("\n")).toEqual(["namespace/shop serverside-applied", "deployment.apps/web serverside-applied", "service/web serverside-applied"]);

    const got = await kubectl("get", "deployment/web", "-n", "shop", "-o", "json");
    const deployment = JSON.parse(got.stdout) as { kind: string; metadata: { generation: number; annotations: Record<string, string> }; spec: { replicas: number } };
    expect(deployment).toMatchObject({ kind: "Deployment", metadata: { generation: 1 }, spec: { replicas: 2 } });

    const rollout = await kubectl("rollout", "status", "deployment/web", "-n", "shop", "--timeout=30s");
    expect(rollout.code).toBe(0);
    expect(rollout.stdout).toContain('deployment "web" successfully rolled out');

    const conflicting = write("v2.yaml", manifest(3, "nginx:1.28"));
    const refused = await kubectl("apply", "--server-side", "--validate=false", "--field-manager=operator", "-f", conflicting);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('Apply failed with 2 conflicts: conflicts with "bulkhead" using apps/v1:\n- .spec.replicas\n- .spec.template.spec.containers[name="web"].image');

    const forced = await kubectl("apply", "--server-side", "--validate=false", "--field-manager=operator", "--force-conflicts", "-f", conflicting);
    expect(forced.code).toBe(0);
    const after = JSON.parse((await kubectl("get", "deployment/web", "-n", "shop", "-o", "json")).stdout) as { metadata: { generation: number; annotations: Record<string, string> }; spec: { replicas: number } };
    expect(after.spec.replicas).toBe(3);
    expect(after.metadata.generation).toBe(2);
    expect(after.metadata.annotations["deployment.kubernetes.io/revision"]).toBe("2");
    expect((await kubectl("rollout", "status", "deployment/web", "-n", "shop", "--timeout=30s")).code).toBe(0);

    const removed = await kubectl("delete", "deployment/web", "service/web", "-n", "shop");
    expect(removed.stdout).toContain('deployment.apps "web" deleted');
    expect(removed.stdout).toContain('service "web" deleted');
    const gone = await kubectl("get", "deployment/web", "-n", "shop");
    expect(gone.stderr).toContain('Error from server (NotFound): deployments.apps "web" not found');
    expect(emulator.resourceNames()).toEqual([]);
  });
});
