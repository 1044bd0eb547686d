// The emulator's memory: container groups and their long-running operations. Provisioning is computed
// from timestamps when a group is read (no timers), so nothing is left running after stop(). Secure values
// are kept apart from the request, so no answer can carry one: "Environment variables with secure values
// aren't visible in your container's properties" (Set environment variables in container instances,
// https://learn.microsoft.com/azure/container-instances/container-instances-environment-variables#secure-values).
import { createHash, randomUUID } from "node:crypto";
import { type ContainerRun, logContent, runningInstanceView, type WireProbe } from "./emulator-containers";
import { armError, type ArmError } from "./emulator-wire";
import type { WireContainer, WireGroupRequest } from "./emulator-validate";

/** Azure's default quota: standard container groups per subscription and region. */
export const GROUPS_PER_REGION = 100;
/**
 * Emulator convention: images from a registry under the reserved `.invalid` domain cannot be pulled,
 * so their provisioning ends Failed, as with an image that does not exist.
 */
const UNPULLABLE = /^[^/]+\.invalid\//;

interface StoredGroup {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  /** The request with every secureValue taken out (the variable stays, by name). */
  request: WireGroupRequest;
  /** By `<container>/<NAME>`, the secure values of the request. */
  secureValues: Map<string, string>;
  /** What the containers saw before this request, while it provisions: the previous group's environment, if it ran. */
  previousEnvironment?: Record<string, string>;
  /** The request that created the group, as opposed to updating it. */
  created: boolean;
  acceptedAt: number;
  readyAt: number;
  pullFails: boolean;
  /** Set by stop: the containers are terminated and deallocated until start. */
  stoppedAt?: number;
  /** Restarts in place since the last (re)deployment. */
  restartCount: number;
  /** When the last restart in place started the containers again; unset: they run since readyAt. */
  restartedAt?: number;
}

/** The groups as the emulator keeps them on disk: secure values included, as the cloud keeps them. */
export type GroupSnapshot = (Omit<StoredGroup, "secureValues"> & { secureValues: [string, string][] })[];

interface Operation {
  id: string;
  readyAt: number;
  pullFails: boolean;
  image: string;
  groupName: string;
}

export interface Accepted {
  created: boolean;
  view: object;
  operationId: string;
}

const keyOf = (subscriptionId: string, resourceGroup: string, name: string) => `${subscriptionId}/${resourceGroup}/${name}`.toLowerCase();

/** The request without its secure values, and those values by `<container>/<NAME>`. */
function withoutSecureValues(request: WireGroupRequest): { request: WireGroupRequest; secureValues: Map<string, string> } {
  const secureValues = new Map<string, string>();
  const containers = request.properties.containers.map((container) => ({
    ...container,
    properties: {
      ...container.properties,
      ...(container.properties.environmentVariables
        ? {
            environmentVariables: container.properties.environmentVariables.map(({ name, value, secureValue }) => {
              if (typeof secureValue === "string") secureValues.set(`${container.name}/${name}`, secureValue);
              return { name, ...(typeof value === "string" ? { value } : {}) };
            }),
          }
        : {}),
    },
  }));
  return { request: { ...request, properties: { ...request.properties, containers } }, secureValues };
}
const iso = (ms: number) => new Date(ms).toISOString();
const digest = (text: string) => createHash("sha256").update(text).digest();

export class ContainerGroupStore {
  private readonly groups = new Map<string, StoredGroup>();
  private readonly operations = new Map<string, Operation>();

  /** @param changed called after every change, to keep the state on disk. */
  /** @param probePeriodMs the probe period of every container, overriding the requests' (EmulatorOptions.probePeriodMs). */
  constructor(
    private readonly provisionDelayMs: number,
    private readonly changed: () => void = () => {},
    private readonly probePeriodMs?: number,
  ) {}

  snapshot(): GroupSnapshot {
    return [...this.groups.values()].map((group) => ({ ...group, secureValues: [...group.secureValues] }));
  }

  restore(snapshot: GroupSnapshot): void {
    for (const group of snapshot) this.groups.set(keyOf(group.subscriptionId, group.resourceGroup, group.name), { ...group, secureValues: new Map(group.secureValues) });
  }

  /** Whether a container group sits in this subnet (Azure will not delete the subnet then). */
  usesSubnet(subnetId: string): boolean {
    const id = subnetId.toLowerCase();
    return [...this.groups.values()].some((group) => (group.request.properties.subnetIds ?? []).some((subnet) => subnet.id.toLowerCase() === id));
  }

  names(): string[] {
    return [...this.groups.values()].map((g) => g.name);
  }

  /** By group name, what its first (app) container sees when running: plain values and secure values. */
  environments(now = Date.now()): Record<string, Record<string, string>> {
    const out: Record<string, Record<string, string>> = {};
    for (const group of this.groups.values()) {
      const environment = now < group.readyAt ? group.previousEnvironment : group.pullFails || group.stoppedAt !== undefined ? undefined : environmentOf(group);
      if (environment) out[group.name] = environment;
    }
    return out;
  }

  /** Every secure value held, by `<group>/<container>/<NAME>`. */
  secureValues(): Record<string, string> {
    return Object.fromEntries([...this.groups.values()].flatMap((group) => [...group.secureValues].map(([key, value]) => [`${group.name}/${key}`, value])));
  }

  get(subscriptionId: string, resourceGroup: string, name: string): object | undefined {
    const group = this.groups.get(keyOf(subscriptionId, resourceGroup, name));
    return group && this.view(group);
  }

  list(subscriptionId: string, resourceGroup?: string): object[] {
    const prefix = resourceGroup ? keyOf(subscriptionId, resourceGroup, "") : `${subscriptionId.toLowerCase()}/`;
    return [...this.groups.entries()].filter(([key]) => key.startsWith(prefix)).map(([, group]) => this.view(group));
  }

  /** Create or update, with the service's refusals: quota, busy group, changes that need a delete, location. */
  put(subscriptionId: string, resourceGroup: string, name: string, request: WireGroupRequest): Accepted | ArmError {
    const key = keyOf(subscriptionId, resourceGroup, name);
    const existing = this.groups.get(key);
    const now = Date.now();
    if (existing) {
      if (now < existing.readyAt) return armError(409, "ContainerGroupTransitioning", `The container group '${name}' is still transitioning, please retry later.`);
      if (existing.request.location.toLowerCase() !== request.location.toLowerCase()) {
        return armError(409, "InvalidResourceLocation", `The resource '${name}' already exists in location '${existing.request.location}' in resource group '${resourceGroup}'. A resource with the same name cannot be created in location '${request.location}'.`, "location");
      }
      if (changesNeedDelete(existing.request, request)) {
        return armError(409, "InvalidContainerGroupUpdate", `The updates on container group '${name}' are invalid. If you are going to update the os type, restart policy, network profile, CPU, memory or GPU resources for a container group, you must delete it first and then create a new one.`);
      }
    } else {
      const inRegion = [...this.groups.values()].filter((g) => g.subscriptionId.toLowerCase() === subscriptionId.toLowerCase() && g.request.location.toLowerCase() === request.location.toLowerCase());
      if (inRegion.length >= GROUPS_PER_REGION) {
        return armError(409, "ContainerGroupQuotaReached", `Resource type 'Microsoft.ContainerInstance/containerGroups' container group quota 'StandardContainerGroups' exceeded in region '${request.location}'. Limit: '${GROUPS_PER_REGION}', Usage: '${inRegion.length}'.`);
      }
    }
    const image = request.properties.containers[0].properties.image;
    const pullFails = request.properties.containers.some((c) => UNPULLABLE.test(c.properties.image));
    const previousEnvironment = existing && !existing.pullFails ? environmentOf(existing) : undefined;
    const group: StoredGroup = { subscriptionId, resourceGroup, name, ...withoutSecureValues(request), previousEnvironment, created: !existing, acceptedAt: now, readyAt: now + this.provisionDelayMs, pullFails, restartCount: 0 };
    this.groups.set(key, group);
    this.changed();
    const operationId = randomUUID();
    // Callers poll an operation for seconds; an hour later nobody asks for it any more.
    for (const [id, op] of this.operations) if (op.readyAt < now - 3_600_000) this.operations.delete(id);
    this.operations.set(operationId, { id: operationId, readyAt: group.readyAt, pullFails, image, groupName: name });
    return { created: !existing, view: this.view(group), operationId };
  }

  delete(subscriptionId: string, resourceGroup: string, name: string): object | undefined {
    const key = keyOf(subscriptionId, resourceGroup, name);
    const group = this.groups.get(key);
    this.groups.delete(key);
    if (group) this.changed();
    return group && this.view(group);
  }

  /** PATCH: "Updates container group tags with specified values" (Container Groups - Update); nothing else changes. */
  updateTags(subscriptionId: string, resourceGroup: string, name: string, tags: Record<string, string>): object | undefined {
    const group = this.groups.get(keyOf(subscriptionId, resourceGroup, name));
    if (!group) return undefined;
    group.request = { ...group.request, tags };
    this.changed();
    return this.view(group);
  }

  /**
   * Stop, start and restart ("Manually stop and start containers in Azure Container Instances"): stop terminates and
   * deallocates every container; start deploys them again with the same configuration (an operation the caller
   * polls); restart restarts them in place. A group still provisioning refuses all three.
   */
  lifecycle(subscriptionId: string, resourceGroup: string, name: string, action: "stop" | "start" | "restart"): { operationId?: string; location: string } | ArmError | undefined {
    const group = this.groups.get(keyOf(subscriptionId, resourceGroup, name));
    if (!group) return undefined;
    const now = Date.now();
    if (now < group.readyAt) return armError(409, "ContainerGroupTransitioning", `The container group '${name}' is still transitioning, please retry later.`);
    if (action === "stop") {
      group.stoppedAt = now;
    } else if (action === "restart") {
      if (group.stoppedAt !== undefined) return armError(409, "ContainerGroupStopped", `The container group '${name}' is stopped: start it instead of restarting it.`);
      group.restartCount += 1;
      group.restartedAt = now;
    } else if (group.stoppedAt !== undefined) {
      group.stoppedAt = undefined;
      group.acceptedAt = now;
      group.readyAt = now + this.provisionDelayMs;
      group.restartCount = 0;
      group.restartedAt = undefined;
      const operationId = randomUUID();
      this.operations.set(operationId, { id: operationId, readyAt: group.readyAt, pullFails: group.pullFails, image: group.request.properties.containers[0].properties.image, groupName: name });
      this.changed();
      return { operationId, location: group.request.location };
    }
    this.changed();
    return { location: group.request.location };
  }

  /** A container's log ("Containers - List Logs"): what the running container printed, the last `tail` lines. */
  logs(subscriptionId: string, resourceGroup: string, name: string, container: string, tail: number | undefined, timestamps: boolean): string | undefined | null {
    const group = this.groups.get(keyOf(subscriptionId, resourceGroup, name));
    if (!group) return null;
    const found = group.request.properties.containers.find((c) => c.name === container);
    if (!found) return undefined;
    const now = Date.now();
    return now >= group.readyAt && !group.pullFails ? logContent(this.run(group, found), now, tail, timestamps) : "";
  }

  /** A container of a provisioned group as the emulator runs it. */
  private run(group: StoredGroup, container: WireContainer): ContainerRun {
    const { properties } = container;
    const readinessProbe = properties.readinessProbe as WireProbe | undefined;
    const livenessProbe = properties.livenessProbe as WireProbe | undefined;
    return {
      group: group.name,
      name: container.name,
      image: properties.image,
      port: properties.ports?.[0]?.port ?? readinessProbe?.httpGet?.port ?? livenessProbe?.httpGet?.port ?? 80,
      environment: environmentOf(group, container),
      ...(readinessProbe ? { readinessProbe } : {}),
      ...(livenessProbe ? { livenessProbe } : {}),
      startedAt: group.restartedAt ?? group.readyAt,
      ...(group.stoppedAt !== undefined ? { stoppedAt: group.stoppedAt } : {}),
      ...(this.probePeriodMs !== undefined ? { probePeriodMs: this.probePeriodMs } : {}),
    };
  }

  /** The Azure-AsyncOperation document: InProgress until provisioned, then Succeeded or Failed. */
  operation(id: string): object | undefined {
    const op = this.operations.get(id);
    if (!op) return undefined;
    const base = { id, name: id, startTime: iso(op.readyAt - this.provisionDelayMs) };
    if (Date.now() < op.readyAt) return { ...base, status: "InProgress" };
    if (op.pullFails) return { ...base, status: "Failed", endTime: iso(op.readyAt), error: { code: "InaccessibleImage", message: pullFailure(op.image, op.groupName) } };
    return { ...base, status: "Succeeded", endTime: iso(op.readyAt) };
  }

  /** Pulling until provisioned, the pull's failure, or the running containers' probes, restarts and stop. */
  private containerInstanceView(group: StoredGroup, container: WireContainer, ready: boolean): object {
    const { image } = container.properties;
    const event = (name: string, message: string, at: number, type = "Normal") => ({ count: 1, firstTimestamp: iso(at), lastTimestamp: iso(at), name, message, type });
    const pulling = event("Pulling", `pulling image "${image}"`, group.acceptedAt);
    if (!ready) return { restartCount: 0, currentState: { state: "Waiting", detailStatus: "ContainerCreating" }, events: [pulling] };
    if (group.pullFails) {
      return { restartCount: 0, currentState: { state: "Waiting", detailStatus: "ErrImagePull" }, events: [pulling, event("Failed", pullFailure(image, group.name), group.readyAt, "Warning")] };
    }
    return runningInstanceView(this.run(group, container), Date.now(), { accepted: group.acceptedAt, ready: group.readyAt }, group.restartCount);
  }

  /** The group as GET returns it, with provisioning state and instance view as of now; secure values never leave. */
  private view(group: StoredGroup): object {
    const { request, subscriptionId, resourceGroup, name } = group;
    const ready = Date.now() >= group.readyAt;
    const provisioningState = !ready ? (group.created ? "Creating" : "Updating") : group.pullFails ? "Failed" : "Succeeded";
    const stopped = ready && group.stoppedAt !== undefined;
    const containers = request.properties.containers.map((container) => ({
      name: container.name,
      properties: {
        ...container.properties,
        environmentVariables: (container.properties.environmentVariables ?? []).map(({ name: variable, value }) => ({ name: variable, ...(value !== undefined ? { value } : {}) })),
        instanceView: this.containerInstanceView(group, container, ready),
      },
    }));
    return {
      id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerInstance/containerGroups/${name}`,
      name,
      type: "Microsoft.ContainerInstance/containerGroups",
      location: request.location,
      tags: request.tags ?? {},
      ...(request.identity ? { identity: request.identity } : {}),
      properties: {
        ...request.properties,
        provisioningState,
        containers,
        ...(request.properties.ipAddress ? { ipAddress: addressOf(group) } : {}),
        instanceView: { state: !ready ? "Pending" : group.pullFails ? "Failed" : stopped ? "Stopped" : "Running", events: [] },
      },
    };
  }
}

/** A container's environment as it runs (the first container's by default): each variable's value, or its secure value. */
function environmentOf(group: StoredGroup, container = group.request.properties.containers[0]): Record<string, string> {
  return Object.fromEntries((container.properties.environmentVariables ?? []).map(({ name, value }) => [name, value ?? group.secureValues.get(`${container.name}/${name}`) ?? ""]));
}

function pullFailure(image: string, groupName: string): string {
  return `The image '${image}' in container group '${groupName}' is not accessible. Please check the image and registry credential.`;
}

/** Azure refuses to change these in place (InvalidContainerGroupUpdate). */
function changesNeedDelete(before: WireGroupRequest, after: WireGroupRequest): boolean {
  const fixed = (r: WireGroupRequest) =>
    JSON.stringify([
      r.properties.osType,
      r.properties.restartPolicy ?? "Always",
      r.properties.containers.map((c) => [c.name, c.properties.resources.requests.cpu, c.properties.resources.requests.memoryInGB]).sort(),
      r.properties.ipAddress?.type,
      (r.properties.subnetIds ?? []).map((s) => s.id.toLowerCase()).sort(),
    ]);
  return fixed(before) !== fixed(after);
}

/** A stable made-up address: public ones from 20.0.0.0/8, private ones from the subnet's 10.0.0.0/16. */
function addressOf(group: StoredGroup): object {
  const ip = group.request.properties.ipAddress!;
  const [a, b] = digest(`${group.subscriptionId}/${group.resourceGroup}/${group.name}`.toLowerCase());
  const address = ip.type === "Public" ? `20.${a}.${b}.${(a ^ b) % 254 + 1}` : `10.0.${a}.${b % 254 + 1}`;
  // With a reuse scope Azure inserts a hash of the tenant (here: of the subscription) into the name.
  const scoped = ip.autoGeneratedDomainNameLabelScope && ip.autoGeneratedDomainNameLabelScope !== "Unsecure";
  const tenantHash = digest(group.subscriptionId.toLowerCase()).toString("hex").slice(0, 10);
  const fqdn = ip.dnsNameLabel ? `${ip.dnsNameLabel}.${scoped ? `${tenantHash}.` : ""}${group.request.location.toLowerCase()}.azurecontainer.io` : undefined;
  return { ...ip, ip: address, ...(fqdn ? { fqdn } : {}) };
}
