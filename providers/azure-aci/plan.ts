// Azure Container Instances: the provider's rules for a spec, and the requests a deployment becomes: the container
// group, then (for an internal app under a policy) the NSG rules of its links and egress, after the reads of the
// target's subnet and its network security group. PURE (no I/O): the UI previews the plan and apply sends its bodies.
import { createHash } from "node:crypto";
import type { ContainerGroup, ContainerProbe } from "@azure/arm-containerinstance";
import type { DeploymentSpec, PlannedRequest, ProviderPlan, SpecProblem, TargetCoordinates } from "@/providers/types";
import type { AzureCoordinates } from "./target-schema";
import { isConfidential, NON_ROOT_UID, securityContextFor, skuFields } from "./confidential";
import { ACI_DELEGATION, networkChecks, ruleRequests, type RulePlannedRequest } from "./network-plan";
import { enforcementOf, exposedPorts, GROUP_OPERATION, policyProblems, routesOf, sidecarContainer, sidecarIdentity, usesSidecar } from "./policy-enforcement";
import { CPU, ENV_NAME, inRange, MEMORY_GB, nameProblem, onTenthStep, RESOURCE_GROUP_NAME, SUBNET_ID, SUBSCRIPTION_ID, tagProblem, TAGS } from "./rules";
import { secretsOf } from "@/providers/secrets";
import { secretProblems, secureVariables } from "./secrets";

/** The one container of a deployment's group. */
export const CONTAINER_NAME = "app";
/** Tag holding a fingerprint of the request, so a retried apply recognizes what Azure already accepted. */
export const SPEC_TAG = "bulkhead-spec";
const DIGEST_IMAGE = /^[a-z0-9]+(?:[._\-/:][a-z0-9]+)*@sha256:[0-9a-f]{64}$/;

export interface AciPlannedRequest extends PlannedRequest {
  operation: typeof GROUP_OPERATION;
  resourceGroupName: string;
  containerGroupName: string;
  body: ContainerGroup;
  /** What the body means on Azure and what it cannot do, in words for the preview. */
  notes: string[];
}

export interface AciPlan extends ProviderPlan {
  kind: "azure-aci";
  requests: [AciPlannedRequest, ...RulePlannedRequest[]];
}

export function validate(spec: DeploymentSpec, coordinates: TargetCoordinates): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const refuse = (field: string, message: string) => problems.push({ field, message });
  if (coordinates.kind !== "azure-aci") return [{ field: "coordinates.kind", message: `This target is for ${coordinates.kind}, not Azure Container Instances` }];
  const target = coordinates;

  if (!SUBSCRIPTION_ID.test(target.subscriptionId)) refuse("coordinates.subscriptionId", "The subscription id must be a GUID");
  if (!RESOURCE_GROUP_NAME.test(target.resourceGroup)) {
    refuse("coordinates.resourceGroup", "Resource group names are 1 to 90 letters, digits, underscores, hyphens, periods or parentheses, and do not end with a period");
  }
  if (!/^[a-z0-9]+$/.test(target.region)) refuse("coordinates.region", `"${target.region}" is not an Azure region name such as westeurope`);
  if (target.subnetId !== undefined && !SUBNET_ID.test(target.subnetId)) {
    refuse("coordinates.subnetId", "The subnet must be a VNet subnet's resource id: /subscriptions/…/resourceGroups/…/providers/Microsoft.Network/virtualNetworks/…/subnets/…");
  } else if (target.subnetId !== undefined && target.subnetId.split("/")[2]?.toLowerCase() !== target.subscriptionId.toLowerCase()) {
    refuse("coordinates.subnetId", "Azure places a container group only in a subnet of its own subscription (SubnetAndContainerGroupMustBeInSameSubscription): the subnet must be in the target's subscription");
  }
  if (spec.ingress === "internal" && target.subnetId === undefined) {
    refuse("coordinates.subnetId", `An internal app gets a private IP in a VNet subnet delegated to ${ACI_DELEGATION}, and this target declares none: an operator sets the target's subnetId, or deploy the app with public ingress`);
  }

  const badName = nameProblem(spec.name);
  if (badName) refuse("name", `The name "${spec.name}" becomes the container group name, which ${badName}`);

  if (!spec.image.includes("@sha256:")) {
    refuse("image", `The image must be pinned by digest (registry/repository@sha256:<64 hex>), not by a tag that can move: "${spec.image}"`);
  } else if (!DIGEST_IMAGE.test(spec.image)) {
    refuse("image", "The image must look like registry/repository@sha256:<64 lowercase hex digits>: lowercase repository, and a complete sha256 digest");
  }

  if (!inRange(spec.cpu, CPU) || !onTenthStep(spec.cpu)) {
    refuse("cpu", `Azure Container Instances gives a container group ${CPU.min} to ${CPU.max} vCPU in steps of 0.1 (asked: ${spec.cpu})`);
  }
  const memoryGB = spec.memoryMiB / 1024;
  if (!inRange(memoryGB, MEMORY_GB) || !onTenthStep(memoryGB)) {
    refuse(
      "memoryMiB",
      `Azure Container Instances sizes memory from ${MEMORY_GB.min} to ${MEMORY_GB.max} GB in steps of 0.1 GB (1 GB = 1024 MiB); ${spec.memoryMiB} MiB is ${Number(memoryGB.toFixed(4))} GB. Whole MiB values that fit are multiples of 512, e.g. 512, 1024, 1536 or 2048`,
    );
  }

  if (!Number.isInteger(spec.port) || spec.port < 1 || spec.port > 65_535) refuse("port", `Port must be between 1 and 65535 (asked: ${spec.port})`);

  for (const name of Object.keys(spec.env)) {
    if (!ENV_NAME.test(name)) refuse(`env.${name}`, `Azure refuses the environment variable name "${name}": it must start with a letter or "_" and contain only letters, digits and "_"`);
  }

  if (spec.minInstances > spec.maxInstances) refuse("minInstances", "Minimum instances cannot exceed maximum instances");
  if (spec.maxInstances !== 1) {
    refuse("maxInstances", "Azure Container Instances runs exactly one container group per deployment and cannot scale out: set maximum instances to 1, or deploy to Cloud Run or ECS to scale");
  }
  if (spec.minInstances !== 1) {
    refuse("minInstances", "Azure Container Instances cannot scale to zero or keep more than one instance: a container group always runs once, so set minimum instances to 1");
  }

  if (!/^\/\S*$/.test(spec.healthCheckPath)) refuse("healthCheckPath", `The health check path must start with "/" and contain no spaces (got "${spec.healthCheckPath}")`);

  if (SPEC_TAG in spec.labels) refuse(`labels.${SPEC_TAG}`, `The label "${SPEC_TAG}" is reserved: Bulkhead puts a fingerprint of the request there`);
  if (Object.keys(spec.labels).length + 1 > TAGS.max) refuse("labels", `Azure allows ${TAGS.max} tags on a resource and Bulkhead uses one: give at most ${TAGS.max - 1} labels`);
  for (const [name, value] of Object.entries(spec.labels)) {
    const bad = tagProblem(name, value);
    if (bad) refuse(`labels.${name}`, `Labels become Azure tags, and ${bad}`);
  }
  problems.push(...policyProblems(spec, target), ...secretProblems(spec));
  return problems;
}

export function plan(spec: DeploymentSpec, coordinates: TargetCoordinates): AciPlan {
  if (coordinates.kind !== "azure-aci") throw new Error(`Azure Container Instances cannot plan for a ${coordinates.kind} target`);
  const target = coordinates;
  const subnetId = spec.ingress === "internal" ? target.subnetId : undefined;
  const sidecar = usesSidecar(spec, target);
  const ports = exposedPorts(spec, target).map((port) => ({ port, protocol: "TCP" }));
  const probe = (initialDelaySeconds: number): ContainerProbe => ({
    httpGet: { path: spec.healthCheckPath, port: spec.port, scheme: "http" },
    initialDelaySeconds,
    periodSeconds: 10,
    timeoutSeconds: 5,
    failureThreshold: 3,
  });

  const group: ContainerGroup = {
    location: target.region,
    tags: { ...spec.labels },
    osType: "Linux",
    restartPolicy: "Always",
    containers: [
      {
        name: CONTAINER_NAME,
        image: spec.image,
        ports: [{ port: spec.port, protocol: "TCP" }],
        // Plain values, and each secret as a secure value (a placeholder here; apply sends the value).
        environmentVariables: [...Object.keys(spec.env).map((name) => ({ name, value: spec.env[name] })), ...secureVariables(spec)].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
        resources: { requests: { cpu: spec.cpu, memoryInGB: spec.memoryMiB / 1024 } },
        readinessProbe: probe(5),
        livenessProbe: probe(30),
        securityContext: securityContextFor(spec),
      },
      ...(sidecar ? [sidecarContainer(spec, target)] : []),
    ],
    ...(sidecar ? { identity: sidecarIdentity(target) } : {}),
    ...skuFields(spec),
    ipAddress: spec.ingress === "internal"
      ? { type: "Private", ports }
      // TenantReuse: Azure adds a hash of the tenant to the DNS name, so another tenant cannot take it over.
      : { type: "Public", ports, dnsNameLabel: spec.name, autoGeneratedDomainNameLabelScope: "TenantReuse" },
    ...(subnetId ? { subnetIds: [{ id: subnetId }] } : {}),
  };
  group.tags = { ...group.tags, [SPEC_TAG]: fingerprint(group) };

  const checks = networkChecks(spec, target);
  return {
    kind: "azure-aci",
    requests: [
      {
        operation: GROUP_OPERATION,
        resourceGroupName: target.resourceGroup,
        containerGroupName: spec.name,
        body: group,
        notes: notesFor(spec, target, subnetId, sidecar),
      },
      ...ruleRequests(spec, target),
    ],
    ...(checks.length ? { checks } : {}),
    ...(spec.policy ? { enforcement: enforcementOf(spec, target), routes: routesOf(spec, target) } : {}),
  };
}

function notesFor(spec: DeploymentSpec, target: AzureCoordinates, subnetId: string | undefined, sidecar: boolean): string[] {
  const notes = [
    `PUT container group "${spec.name}" in resource group "${target.resourceGroup}" (${target.region}): created if absent, updated in place otherwise.`,
    "One container group runs one instance: Azure Container Instances neither scales out nor to zero.",
    "An existing group with another CPU, memory, OS, restart policy or network placement cannot be updated in place: apply deletes and re-creates it (brief downtime).",
    isConfidential(spec)
      ? `Confidential SKU (the placement asks for confidential compute): the group runs in a hardware trusted execution environment with encrypted memory, under Microsoft's allow-all example enforcement policy; runs as user ${NON_ROOT_UID}, not privileged, no privilege escalation, all Linux capabilities dropped.`
      : "Standard SKU: the containers are not privileged; it refuses every other securityContext setting, so they run as their image's user with the runtime's default capabilities.",
    "A read-only root filesystem is not offered by Azure Container Instances.",
    `Tag "${SPEC_TAG}" fingerprints this request, so a retried apply recognizes a request Azure already accepted.`,
  ];
  if (spec.secrets?.length) {
    notes.push(
      `Secrets ${secretsOf(spec).map((ref) => `${ref.name} (version ${ref.version})`).join(", ")} are secure environment variables: Azure keeps their values and never returns them when the group is read. The preview shows a placeholder; apply sends the value.`,
    );
  }
  if (spec.policy && subnetId) {
    notes.push(
      "Links: the network security group associated with the subnet allows only the linked routes of this plan into the group's private IP, then denies all other traffic from the virtual network; apply fills in the private IPs and allocates free priorities.",
    );
  }
  if (spec.ingress === "internal") {
    notes.push(`Internal ingress: a private IP in the target's VNet subnet ${subnetId ?? "(none declared)"}, which apply first reads back: it must exist and be delegated to ${ACI_DELEGATION}.`);
  } else {
    const tls = sidecar
      ? `the TLS sidecar container terminates HTTPS on port 443 and port ${spec.port} is not exposed.`
      : `Azure Container Instances has no managed TLS: port ${spec.port} serves plain HTTP unless a TLS sidecar or a gateway in front terminates TLS.`;
    notes.push(`Public ingress: a public IP with DNS name "${spec.name}.<tenant hash>.${target.region}.azurecontainer.io"; ${tls}`);
  }
  return notes;
}

/** A stable digest of the request: same spec, same fingerprint, whatever the key order. */
function fingerprint(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex").slice(0, 32);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}
