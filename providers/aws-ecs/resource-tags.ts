// How Bulkhead marks what it makes in an AWS account for one app resource on one ECS target: every secret, security
// group, target group and listener rule carries these tags, so apply finds its own again (and never adopts another's),
// observe reads them back and destroy removes exactly them. The cluster is part of it because an app's resource name
// is the same on every target, and two ECS targets may share an account, a Region and even a VPC.
import type { AwsCoordinates } from "./target-schema";

export const RESOURCE_TAG = "bulkhead-resource";
export const CLUSTER_TAG = "bulkhead-cluster";

export const clusterNameOf = (c: AwsCoordinates) => c.cluster.slice(c.cluster.lastIndexOf("/") + 1);

/** The two tags, in the Key/Value form EC2, ELBv2 and Secrets Manager share. */
export const ownerTags = (resource: string, c: AwsCoordinates) => [
  { Key: RESOURCE_TAG, Value: resource },
  { Key: CLUSTER_TAG, Value: clusterNameOf(c) },
];

/** Whether tags read back say Bulkhead made the thing for this resource on this cluster. */
export function ownedBy(tags: { Key?: string; Value?: string }[] | undefined, resource: string, c: AwsCoordinates): boolean {
  const tag = (key: string) => tags?.find((t) => t.Key === key)?.Value;
  return tag(RESOURCE_TAG) === resource && tag(CLUSTER_TAG) === clusterNameOf(c);
}
