// Pure: how Azure Container Instances meets each policy setting — private VNet placement, a TLS
// sidecar container in the group, NSG rules for links and a firewall for egress — or why it cannot.
// ACI has no managed TLS, so without the target's approved sidecar TLS settings are refused.
import type { Container, ContainerGroupIdentity } from "@azure/arm-containerinstance";
import { encryptionRefusals, enforcementList, linkProblems, linksOf, notRequired, requires } from "../policy";
import type { AzureCoordinates, DeploymentSpec, EncryptionSetting, PlannedRoute, PolicyCapabilities, SettingEnforcement, SpecProblem } from "../types";
import { CPU, MEMORY_GB } from "./rules";

export const policyCapabilities: PolicyCapabilities = {
  ingressTlsRequired: "with target",
  minTlsVersion: "with target",
  httpRedirectToHttps: "with target",
  serviceToServiceEncrypted: "with target",
  serviceToServiceMutualAuth: "with target",
  egressRestricted: "with target",
  nonRoot: "native",
  readOnlyRootFilesystem: "no",
  noPrivileged: "native",
  dropCapabilities: "native",
  links: "native",
};

export const SIDECAR_NAME = "tls";
/** What the sidecar takes from the group's size. */
export const SIDECAR_CPU = 0.1;
export const SIDECAR_MEMORY_GB = 0.2;
const HTTPS_PORT = 443;
const HTTP_PORT = 80;

/** Whether the group carries the TLS sidecar: whenever the policy asks for any TLS it can give. */
export function usesSidecar(spec: DeploymentSpec, c: AzureCoordinates): boolean {
  const e = spec.policy?.encryption;
  return !!c.tlsSidecar && !!e && (e.ingressTlsRequired || e.httpRedirectToHttps || e.serviceToServiceEncrypted || e.serviceToServiceMutualAuth);
}

/** The ports the group exposes: the sidecar's when it terminates TLS, else the app's own. */
export function exposedPorts(spec: DeploymentSpec, c: AzureCoordinates): number[] {
  if (!usesSidecar(spec, c)) return [spec.port];
  return spec.policy!.encryption!.httpRedirectToHttps ? [HTTPS_PORT, HTTP_PORT] : [HTTPS_PORT];
}

/**
 * The sidecar terminates TLS on 443 and forwards to the app on localhost (containers of a group share
 * one network namespace); it also originates TLS to linked callees, so the app speaks plain HTTP only
 * to 127.0.0.1. Its certificate comes from Key Vault through the group's identity, never in the request.
 */
export function sidecarContainer(spec: DeploymentSpec, c: AzureCoordinates): Container {
  const sidecar = c.tlsSidecar!;
  const e = spec.policy!.encryption!;
  const mutual = e.serviceToServiceMutualAuth && spec.ingress === "internal";
  const env: Record<string, string> = {
    TLS_LISTEN_PORT: String(HTTPS_PORT),
    TLS_UPSTREAM: `http://127.0.0.1:${spec.port}`,
    TLS_MIN_VERSION: e.minTlsVersion,
    TLS_CERTIFICATE_URL: sidecar.certificateUrl,
    HTTP_REDIRECT_PORT: e.httpRedirectToHttps ? String(HTTP_PORT) : "",
    TLS_CLIENT_CA_URL: mutual ? sidecar.clientCaUrl : "",
    TLS_LINKS_OUT: linksOf(spec)
      .outbound.map((l) => `${l.to}:${l.port}`)
      .join(","),
  };
  return {
    name: SIDECAR_NAME,
    image: sidecar.image,
    ports: exposedPorts(spec, c).map((port) => ({ port, protocol: "TCP" })),
    environmentVariables: Object.keys(env)
      .filter((name) => env[name] !== "")
      .sort()
      .map((name) => ({ name, value: env[name] })),
    resources: { requests: { cpu: SIDECAR_CPU, memoryInGB: SIDECAR_MEMORY_GB } },
    // Binding 443 and 80 as a non-root user needs exactly this one capability back.
    securityContext: { runAsUser: 65532, runAsGroup: 65532, privileged: false, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] } },
  };
}

export const sidecarIdentity = (c: AzureCoordinates): ContainerGroupIdentity => ({ type: "UserAssigned", userAssignedIdentities: { [c.tlsSidecar!.identityId]: {} } });

function encryptionEnforcement(spec: DeploymentSpec, c: AzureCoordinates, setting: EncryptionSetting): SettingEnforcement {
  const policy = spec.policy!.encryption!;
  if (!requires(policy, setting)) return notRequired(setting);
  const unsupported = (detail: string): SettingEnforcement => ({ setting, by: "unsupported", construct: "none", detail });
  const sidecar = c.tlsSidecar ? `TLS sidecar container "${SIDECAR_NAME}" (${c.tlsSidecar.image})` : undefined;
  const noSidecar = "Azure Container Instances has no managed TLS, and the target approves no TLS sidecar";
  switch (setting) {
    case "ingressTlsRequired":
      if (!sidecar) return unsupported(noSidecar);
      return { setting, by: "request", construct: sidecar, detail: `The group exposes only port ${HTTPS_PORT}, where the sidecar terminates TLS; the app's port ${spec.port} is reachable only from inside the group.` };
    case "minTlsVersion":
      if (!sidecar) return unsupported(noSidecar);
      return { setting, by: "request", construct: `${sidecar}: TLS_MIN_VERSION=${policy.minTlsVersion}`, detail: "The sidecar refuses handshakes below the minimum version." };
    case "httpRedirectToHttps":
      if (!sidecar) return unsupported(noSidecar);
      return { setting, by: "request", construct: `${sidecar}: HTTP_REDIRECT_PORT=${HTTP_PORT}`, detail: "Port 80 only answers with a redirect to HTTPS." };
    case "serviceToServiceEncrypted":
      if (!sidecar) return unsupported(noSidecar);
      return { setting, by: "request", construct: `${sidecar} + private VNet placement for internal apps`, detail: "Linked calls leave and arrive through the sidecars, over TLS." };
    case "serviceToServiceMutualAuth":
      if (!sidecar) return unsupported(noSidecar);
      if (spec.ingress === "public") return unsupported("a public container group's sidecar cannot demand client certificates from internet users; make the app internal");
      return { setting, by: "request", construct: `${sidecar}: TLS_CLIENT_CA_URL`, detail: "The sidecar verifies each caller's certificate against the target's client CA, and presents its own to callees." };
    case "egressRestricted":
      if (spec.ingress === "public") return unsupported("a public container group cannot be placed in a VNet, so its egress cannot be filtered");
      if (!c.egressFirewall) return unsupported("the target's subnet sends egress through no firewall that could apply the allow-list");
      return {
        setting,
        by: "target",
        construct: "VNet subnet egress through the target's firewall",
        detail: `The firewall must allow TCP 443 only to: ${policy.egressAllowList.join(", ") || "nothing"} (plus linked apps).`,
      };
  }
}

const HARDENING: SettingEnforcement[] = [
  { setting: "nonRoot", by: "request", construct: "securityContext.runAsUser 65532", detail: "The container runs as the unprivileged nonroot user." },
  { setting: "readOnlyRootFilesystem", by: "unsupported", construct: "none", detail: "A read-only root filesystem is not offered by Azure Container Instances." },
  { setting: "noPrivileged", by: "request", construct: "securityContext.privileged false, allowPrivilegeEscalation false", detail: "No privileged mode, no privilege escalation." },
  { setting: "dropCapabilities", by: "request", construct: "securityContext.capabilities.drop [ALL]", detail: "Every Linux capability is dropped." },
];

export function enforcementOf(spec: DeploymentSpec, c: AzureCoordinates): SettingEnforcement[] {
  return enforcementList(spec, (s) => encryptionEnforcement(spec, c, s), HARDENING);
}

/**
 * NSG rules for the group's subnet: each link opens one port between two groups, and a final rule
 * denies everything else inside the VNet (Azure's default rules would allow VNet-to-VNet traffic).
 */
export function routesOf(spec: DeploymentSpec, c: AzureCoordinates): PlannedRoute[] {
  const { inbound, outbound } = linksOf(spec);
  const port = (l: { port: number }) => (usesSidecar(spec, c) ? HTTPS_PORT : l.port);
  const rule = (from: string, to: string, destinationPort: number) => ({
    name: `allow-${from}-to-${to}-${destinationPort}`,
    direction: "Inbound",
    access: "Allow",
    protocol: "Tcp",
    source: `private IP of container group ${from}`,
    destination: `private IP of container group ${to}`,
    destinationPortRange: String(destinationPort),
  });
  return [
    ...inbound.map((l): PlannedRoute => ({ direction: "inbound", peer: l.from, port: l.port, construct: "NSG rule on the VNet subnet", rule: rule(l.from, l.to, port(l)) })),
    // The callee's sidecar (if any) listens on 443; the caller's own plan cannot know, so it names the link's port.
    ...outbound.map((l): PlannedRoute => ({ direction: "outbound", peer: l.to, port: l.port, construct: "NSG rule on the VNet subnet", rule: rule(l.from, l.to, l.port) })),
  ];
}

export function policyProblems(spec: DeploymentSpec, c: AzureCoordinates): SpecProblem[] {
  if (!spec.policy) return [];
  const problems = [...linkProblems(spec), ...encryptionRefusals(enforcementOf(spec, c))];
  // Azure limits the group, sidecar included.
  if (usesSidecar(spec, c) && spec.cpu + SIDECAR_CPU > CPU.max + 1e-9) {
    problems.push({ field: "cpu", message: `The TLS sidecar takes ${SIDECAR_CPU} vCPU of the group's ${CPU.max}: give the app at most ${CPU.max - SIDECAR_CPU} vCPU` });
  }
  if (usesSidecar(spec, c) && spec.memoryMiB / 1024 + SIDECAR_MEMORY_GB > MEMORY_GB.max + 1e-9) {
    problems.push({ field: "memoryMiB", message: `The TLS sidecar takes ${SIDECAR_MEMORY_GB} GB of the group's ${MEMORY_GB.max} GB: give the app at most ${MEMORY_GB.max - SIDECAR_MEMORY_GB} GB` });
  }
  if ((spec.policy.links ?? []).length && spec.ingress === "public") {
    problems.push({ field: "ingress", message: "Links on Azure Container Instances run inside a VNet, and a public container group cannot join one: make the app internal" });
  }
  return problems;
}
