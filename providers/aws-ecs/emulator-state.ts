// The ECS emulator's memory: per region, clusters with their services, and task definition families.
// Provisioning and draining are derived from timestamps when read, so no timer outlives a request.
import type { CloudMapStore } from "./emulator-cloudmap";
import type { Ec2Store } from "./emulator-ec2-state";
import type { ElbStore } from "./emulator-elb-state";
import { running, startOf } from "./emulator-rollouts";
import type { SecretsStore } from "./emulator-secrets-state";
import type { TaskStart } from "./emulator-task-start";
import { EcsApiError, type Input } from "./emulator-wire";

export const ACCOUNT_ID = "000000000000";

export interface Tag {
  key: string;
  value: string;
}

export interface TaskDefinition {
  arn: string;
  family: string;
  revision: number;
  status: "ACTIVE" | "INACTIVE";
  registeredAt: number;
  deregisteredAt?: number;
  /** The request as registered (without tags), echoed back by DescribeTaskDefinition. */
  request: Input;
  compatibilities: string[];
  tags: Tag[];
}

/** One ECS "deployment" of a service: a task definition rolled out to desiredCount tasks. */
export interface Rollout {
  id: string;
  taskDefinitionArn: string;
  desiredCount: number;
  createdAt: number;
  updatedAt: number;
  /** When the tasks asked for last are running. */
  readyAt: number;
  /** Tasks already running when desiredCount last changed. */
  runningBefore: number;
  /** When the rollout as such completes (a later scale change does not reopen it). */
  completesAt: number;
  /** Starts the rollout's tasks: reads their secrets at that moment (see emulator-task-start.ts). Not kept in the state folder: set again on load. */
  launch: (now: number) => TaskStart;
  /** The service's Service Connect configuration when this rollout began (ECS reports it per deployment). */
  serviceConnectConfiguration?: Input;
  /** How the tasks started, once they did: their environment, or why ECS stopped them. */
  start?: TaskStart;
  /** When a newer rollout replaced it (its tasks stopped then), and that rollout's id. */
  retiredAt?: number;
  retiredBy?: string;
}

export interface Service {
  arn: string;
  name: string;
  clusterArn: string;
  /** DRAINING after a delete while its tasks stop (until `drainedAt`), then INACTIVE (DeleteService API reference). */
  status: "ACTIVE" | "DRAINING" | "INACTIVE";
  drainedAt?: number;
  clientToken?: string;
  createdAt: number;
  launchType: string;
  platformVersion: string;
  schedulingStrategy: string;
  networkConfiguration?: Input;
  deploymentConfiguration?: Input;
  propagateTags?: string;
  enableECSManagedTags: boolean;
  /** Target groups the tasks are registered in (awsvpc: by IP address). */
  loadBalancers: Input[];
  healthCheckGracePeriodSeconds?: number;
  serviceConnectConfiguration?: Input;
  tags: Tag[];
  /** Newest first: rollouts[0] is the PRIMARY one. */
  rollouts: Rollout[];
  /** Rollouts replaced within the last hour, newest first: their stopped tasks, events and logs are still shown. */
  retired?: Rollout[];
}

export interface Cluster {
  name: string;
  arn: string;
  status: "ACTIVE" | "INACTIVE";
  createdAt: number;
  tags: Tag[];
  services: Map<string, Service>;
}

export interface Region {
  name: string;
  clusters: Map<string, Cluster>;
  families: Map<string, TaskDefinition[]>;
}

export interface StoreOptions {
  provisionDelayMs: number;
  /** Stands for the target groups' health check interval (EmulatorOptions.probePeriodMs); unset, each group's own. */
  probePeriodMs?: number;
  /** Clusters that exist in every Region from the start (as if an operator had made them); others need CreateCluster. */
  clusters?: string[];
  /** Secrets Manager of the same emulator, which tasks read their secrets from. */
  secrets: SecretsStore;
  /** The account's EC2, ELBv2 and Cloud Map: where services' subnets, security groups, target groups and namespaces live. */
  ec2: Ec2Store;
  elb: ElbStore;
  cloudMap: CloudMapStore;
}

export class EcsStore {
  readonly regions = new Map<string, Region>();

  constructor(readonly options: StoreOptions) {}

  region(name: string): Region {
    let region = this.regions.get(name);
    if (!region) {
      region = { name, clusters: new Map(), families: new Map() };
      this.regions.set(name, region);
    }
    return region;
  }

  /** An ACTIVE cluster by name or ARN; omitted means "default", as in ECS. One that was deleted is "inactive". */
  cluster(region: Region, ref: string | undefined): Cluster {
    const name = clusterName(ref);
    const known = region.clusters.get(name) ?? (this.options.clusters?.includes(name) ? this.addCluster(region, name, [], 0) : undefined);
    if (!known) throw new EcsApiError("ClusterNotFoundException", "Cluster not found.");
    if (known.status !== "ACTIVE") throw new EcsApiError("ClusterNotFoundException", "The referenced cluster was inactive.");
    return known;
  }

  addCluster(region: Region, name: string, tags: Tag[], now: number): Cluster {
    const cluster: Cluster = { name, arn: arn(region.name, `cluster/${name}`), status: "ACTIVE", createdAt: now, tags, services: new Map() };
    region.clusters.set(name, cluster);
    return cluster;
  }

  /** Every service of every cluster of a Region, with its cluster. */
  servicesOf(region: Region): { cluster: Cluster; service: Service }[] {
    return [...region.clusters.values()].flatMap((cluster) => [...cluster.services.values()].map((service) => ({ cluster, service })));
  }

  allRegions(): Region[] {
    return [...this.regions.values()];
  }

  /**
   * By "region/cluster/service", the environment the service's running tasks see: that of the newest rollout
   * with running tasks (a rollout whose tasks failed to start leaves the previous one running).
   */
  containerEnvironments(now: number): Record<string, Record<string, string>> {
    const out: Record<string, Record<string, string>> = {};
    for (const region of this.regions.values()) {
      for (const cluster of region.clusters.values()) {
        for (const service of cluster.services.values()) {
          if (service.status !== "ACTIVE") continue;
          const serving = service.rollouts.find((rollout) => running(rollout, now) > 0);
          const start = serving && startOf(serving, now);
          if (start && "environment" in start) out[`${region.name}/${cluster.name}/${service.name}`] = { ...start.environment };
        }
      }
    }
    return out;
  }

  /** Live services as "region/cluster/service". */
  liveServices(): string[] {
    return [...this.regions.values()].flatMap((region) =>
      [...region.clusters.values()].flatMap((cluster) => [...cluster.services.values()].filter((s) => s.status === "ACTIVE").map((s) => `${region.name}/${cluster.name}/${s.name}`)),
    );
  }
}

export const arn = (region: string, resource: string) => `arn:aws:ecs:${region}:${ACCOUNT_ID}:${resource}`;

export const clusterName = (ref: string | undefined) => (ref?.startsWith("arn:") ? ref.slice(ref.lastIndexOf("/") + 1) : (ref ?? "default"));

/** What every operation handler gets: the store, the caller's region (from its signature) and the time. */
export interface Context {
  store: EcsStore;
  region: Region;
  now: number;
}
