// Cluster operations of the ECS emulator, as the ECS API reference documents CreateCluster, DescribeClusters,
// ListClusters and DeleteCluster: a cluster must exist before services are made in it; a deleted cluster is
// INACTIVE (DescribeClusters still shows it, ListClusters does not); a cluster that still has services cannot be
// deleted (ClusterContainsServicesException); creating a cluster whose name is taken by an active one answers that
// cluster.
import { NAME } from "./emulator-limits";
import { drain, running } from "./emulator-rollouts";
import { arn, type Cluster, clusterName, type Context } from "./emulator-state";
import { EcsApiError, type Input, invalidParameter, optString, page, readTags, stringList } from "./emulator-wire";

function clusterView(cluster: Cluster, now: number, withTags: boolean) {
  const services = [...cluster.services.values()];
  for (const service of services) drain(service, now);
  const active = services.filter((s) => s.status === "ACTIVE");
  const runningTasks = active.reduce((sum, s) => sum + s.rollouts.reduce((n, r) => n + running(r, now), 0), 0);
  const wanted = active.reduce((sum, s) => sum + (s.rollouts[0]?.desiredCount ?? 0), 0);
  return {
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    status: cluster.status,
    registeredContainerInstancesCount: 0,
    runningTasksCount: runningTasks,
    pendingTasksCount: Math.max(wanted - runningTasks, 0),
    activeServicesCount: active.length,
    statistics: [],
    settings: [{ name: "containerInsights", value: "disabled" }],
    capacityProviders: [],
    defaultCapacityProviderStrategy: [],
    ...(withTags ? { tags: cluster.tags } : {}),
  };
}

export function createCluster({ store, region, now }: Context, input: Input) {
  const name = optString(input, "clusterName") ?? "default";
  if (!NAME.test(name)) throw invalidParameter(`Invalid 'clusterName' '${name}': up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed.`);
  const tags = readTags(input);
  const existing = region.clusters.get(name);
  if (existing?.status === "ACTIVE") return { cluster: clusterView(existing, now, true) };
  return { cluster: clusterView(store.addCluster(region, name, tags, now), now, true) };
}

export function describeClusters({ store, region, now }: Context, input: Input) {
  const refs = stringList(input, "clusters") ?? ["default"];
  if (refs.length > 100) throw invalidParameter("clusters can have at most 100 items.");
  const withTags = stringList(input, "include")?.includes("TAGS") ?? false;
  const clusters = [];
  const failures = [];
  for (const ref of refs) {
    const name = clusterName(ref);
    let cluster = region.clusters.get(name);
    if (!cluster && store.options.clusters?.includes(name)) cluster = store.cluster(region, name);
    if (cluster) clusters.push(clusterView(cluster, now, withTags));
    else failures.push({ arn: ref.startsWith("arn:") ? ref : arn(region.name, `cluster/${name}`), reason: "MISSING" });
  }
  return { clusters, failures };
}

export function listClusters({ store, region }: Context, input: Input) {
  for (const name of store.options.clusters ?? []) store.cluster(region, name);
  const arns = [...region.clusters.values()].filter((c) => c.status === "ACTIVE").map((c) => c.arn);
  const { items, nextToken } = page(arns, input, 100, 100);
  return { clusterArns: items, nextToken };
}

export function deleteCluster(context: Context, input: Input) {
  const { store, region, now } = context;
  const ref = optString(input, "cluster");
  if (!ref) throw invalidParameter("'cluster' is required and must not be empty.");
  const cluster = store.cluster(region, ref);
  for (const service of cluster.services.values()) drain(service, now);
  if ([...cluster.services.values()].some((s) => s.status !== "INACTIVE")) throw new EcsApiError("ClusterContainsServicesException", "The Cluster cannot be deleted while Services are active.");
  cluster.status = "INACTIVE";
  return { cluster: clusterView(cluster, now, false) };
}
