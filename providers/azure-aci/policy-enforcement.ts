// Pure: how Azure Container Instances meets each policy setting — private VNet placement, a TLS
// sidecar container in the group, NSG rules on the target's subnet for links and egress, the Confidential SKU's
// securityContext for hardening — or why it cannot. ACI has no managed TLS, so without the target's approved
// sidecar TLS settings are refused. Every enforced row names its evidence: the request apply sends.
import type { Container, ContainerGroupIdentity } from "@azure/arm-containerinstance";
import { encryptionRefusals, enforcementList, linkProblems, linksOf, notRequired, requires } from "../policy-rendering";
import type { DeploymentSpec, EncryptionSetting, PlannedRoute, PolicyCapabilities, SettingEnforcement, SpecProblem } from "../types";
import type { AzureCoordinates } from "./target-schema";
import { isConfidential, NON_ROOT_UID, securityContextFor } from "./confidential";
import { hostNamesOf, PRIORITY_BANDS, RULE_OPERATION } from "./network-plan";
import { CPU, MEMORY_GB } from "./rules";

/** The request that carries the group's own constructs (containers, sidecar, placement, securityContext). */
export const GROUP_OPERATION = "containerGroups.beginCreateOrUpdate";
const byGroup = { request: GROUP_OPERATION } as const;

export const policyCapabilities: PolicyCapabilities = {
  ingressTlsRequired: "with target",
  minTlsVersion: "with target",
  httpRedirectToHttps: "with target",
  serviceToServiceEncrypted: "with target",
  serviceToServiceMutualAuth: "with target",
  egressRestricted: "with target",
  // Non-root and dropped capabilities need the Confidential SKU, chosen for confidential-compute placements only.
  nonRoot: "with target",
  readOnlyRootFilesystem: "no",
  noPrivileged: "native",
  dropCapabilities: "with target",
  links: "with target",
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
    securityContext: securityContextFor(spec, ["NET_BIND_SERVICE"]),
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
      return { setting, by: "request", construct: sidecar, detail: `The group exposes only port ${HTTPS_PORT}, where the sidecar terminates TLS; the app's port ${spec.port} is reachable only from inside the group.`, evidence: byGroup };
    case "minTlsVersion":
      if (!sidecar) return unsupported(noSidecar);
      return { setting, by: "request", construct: `${sidecar}: TLS_MIN_VERSION=${policy.minTlsVersion}`, detail: "The sidecar refuses handshakes below the minimum version.", evidence: byGroup };
    case "httpRedirectToHttps":
      if (!sidecar) return unsupported(noSidecar);
      return { setting, by: "request", construct: `${sidecar}: HTTP_REDIRECT_PORT=${HTTP_PORT}`, detail: "Port 80 only answers with a redirect to HTTPS.", evidence: byGroup };
    case "serviceToServiceEncrypted":
      if (!sidecar) return unsupported(noSidecar);
      return { setting, by: "request", construct: `${sidecar} + private VNet placement for internal apps`, detail: "Linked calls leave and arrive through the sidecars, over TLS.", evidence: byGroup };
    case "serviceToServiceMutualAuth":
      if (!sidecar) return unsupported(noSidecar);
      if (spec.ingress === "public") return unsupported("a public container group's sidecar cannot demand client certificates from internet users; make the app internal");
      return { setting, by: "request", construct: `${sidecar}: TLS_CLIENT_CA_URL`, detail: "The sidecar verifies each caller's certificate against the target's client CA, and presents its own to callees.", evidence: byGroup };
    case "egressRestricted": {
      if (spec.ingress === "public") return unsupported("a public container group cannot be placed in a VNet, so its egress cannot be filtered");
      if (!c.subnetId) return unsupported("the target declares no VNet subnet (coordinates.subnetId) whose network security group could filter its egress");
      const hostNames = hostNamesOf(spec);
      // A firewall the target may route through is not something Bulkhead can read back, so it enforces nothing here.
      if (hostNames.length) return unsupported(`network security group rules match addresses only: give ${hostNames.join(", ")} as CIDRs`);
      return {
        setting,
        by: "request",
        construct: `NSG rules bulkhead-${spec.name}-egress-allow / -egress-deny on the network security group of the target's subnet`,
        detail: `Outbound TCP 443 is allowed to ${policy.egressAllowList.join(", ") || "nothing"}; every other destination outside the virtual network is denied.`,
        evidence: { request: RULE_OPERATION },
      };
    }
  }
}

const standardSku = "the standard SKU accepts only securityContext.privileged (SecurityContextNotSupported otherwise); only confidential-compute placements run on the Confidential SKU, which honours it";

/** Runtime hardening: the Confidential SKU takes the whole securityContext, the standard SKU only `privileged: false`. */
function hardening(spec: DeploymentSpec): SettingEnforcement[] {
  const confidential = isConfidential(spec);
  const sku = confidential ? "Confidential SKU: " : "";
  return [
    confidential
      ? { setting: "nonRoot", by: "request", construct: `${sku}securityContext.runAsUser ${NON_ROOT_UID}`, detail: "The container runs as the unprivileged nonroot user.", evidence: byGroup }
      : { setting: "nonRoot", by: "unsupported", construct: "none", detail: `The container runs as its image's user: ${standardSku}.` },
    { setting: "readOnlyRootFilesystem", by: "unsupported", construct: "none", detail: "A read-only root filesystem is not offered by Azure Container Instances." },
    confidential
      ? { setting: "noPrivileged", by: "request", construct: `${sku}securityContext.privileged false, allowPrivilegeEscalation false`, detail: "No privileged mode, no privilege escalation.", evidence: byGroup }
      : { setting: "noPrivileged", by: "request", construct: "securityContext.privileged false", detail: "No privileged mode (privilege escalation inside the container is not controllable on the standard SKU).", evidence: byGroup },
    confidential
      ? { setting: "dropCapabilities", by: "request", construct: `${sku}securityContext.capabilities.drop [ALL]`, detail: "Every Linux capability is dropped.", evidence: byGroup }
      : { setting: "dropCapabilities", by: "unsupported", construct: "none", detail: `The container keeps the runtime's default capabilities: ${standardSku}.` },
  ];
}

export function enforcementOf(spec: DeploymentSpec, c: AzureCoordinates): SettingEnforcement[] {
  return enforcementList(spec, (s) => encryptionEnforcement(spec, c, s), hardening(spec));
}

/**
 * The links as routes: each is one inbound NSG allow from the caller's private IP to the callee's (its rule in
 * `requests`), before the callee's rule denying all other traffic from the virtual network, which Azure's default
 * rules would allow.
 */
export function routesOf(spec: DeploymentSpec, c: AzureCoordinates): PlannedRoute[] {
  const { inbound, outbound } = linksOf(spec);
  const rule = (from: string, to: string, port: string) => ({
    direction: "Inbound",
    access: "Allow",
    protocol: "Tcp",
    source: `private IP of container group ${from}`,
    destination: `private IP of container group ${to}`,
    destinationPortRange: port,
    priority: `${PRIORITY_BANDS.allow.min}–${PRIORITY_BANDS.allow.max}, before the callee's deny`,
  });
  const construct = "inbound allow on the network security group of the target's subnet";
  return [
    ...inbound.map((l): PlannedRoute => ({ direction: "inbound", peer: l.from, port: l.port, construct, rule: rule(l.from, l.to, String(usesSidecar(spec, c) ? HTTPS_PORT : l.port)) })),
    // Either app writes the link's rule; the port is the one the callee's group exposes (443 behind its sidecar).
    ...outbound.map((l): PlannedRoute => ({ direction: "outbound", peer: l.to, port: l.port, construct, rule: rule(l.from, l.to, `the port ${l.to} exposes for ${l.port}`) })),
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
