// The sandbox's Kubernetes cluster: the emulator's API server over HTTPS, a bearer token in the kubeconfig the target
// holds, and the ingress the target declares (IngressClass nginx of ingress-nginx; each team namespace gets its TLS
// secret when the operator copies it there, as on a real cluster).
import type { SandboxCloud, SandboxContext } from "../provider-module";
import { serviceGroup } from "../sandbox-services";
import { DEFAULT_TOKEN, startEmulator } from "./emulator";
import type { KubernetesCoordinates, KubernetesCredentials } from "./target-schema";

export async function startKubernetesSandbox(context: SandboxContext): Promise<SandboxCloud<KubernetesCoordinates, KubernetesCredentials>> {
  const services = serviceGroup();
  try {
    const api = services.started(await startEmulator({ provisionDelayMs: context.provisionDelayMs, probePeriodMs: context.probePeriodMs }));
    const kubeconfig = [
      "apiVersion: v1",
      "kind: Config",
      `clusters: [{name: sandbox, cluster: {server: "${api.url}", certificate-authority-data: ${Buffer.from(api.caCertificate ?? "").toString("base64")}}}]`,
      `users: [{name: bulkhead, user: {token: ${DEFAULT_TOKEN}}}]`,
      "contexts: [{name: sandbox, context: {cluster: sandbox, user: bulkhead}}]",
      "current-context: sandbox",
      "",
    ].join("\n");
    const credentials: KubernetesCredentials = { kind: "kubernetes", kubeconfig };
    const coordinates: KubernetesCoordinates = { kind: "kubernetes", region: "eu-west-1", cluster: "sandbox", namespacePrefix: "sandbox" };
    return {
      target: { name: "sandbox-kubernetes", coordinates, credentials, labels: { zone: "internal" }, endpoint: api.url, caCertificate: api.caCertificate },
      emulator: api,
      details: { endpoint: api.url, caCertificate: api.caCertificate, credentials, cluster: "sandbox" },
      tokens: { service: "kubernetes", issued: () => ({}) },
      stop: services.stopAll,
    };
  } catch (error) {
    await services.stopAll();
    throw error;
  }
}
