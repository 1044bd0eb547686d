// AWS Cloud Map namespaces in the AWS emulator (awsJson1.1, X-Amz-Target: Route53AutoNaming_v20170314.<Operation>),
// as the Cloud Map API reference documents them (https://docs.aws.amazon.com/cloud-map/latest/api/): creating a
// namespace is an operation (CreateHttpNamespace / CreatePrivateDnsNamespace answer an OperationId that
// GetOperation reports), a name is unique per Region (NamespaceAlreadyExists), a retry with the same
// CreatorRequestId is the same request, a namespace that still has services cannot be deleted (ResourceInUse).
// ECS Service Connect names these namespaces; its services count as the namespace's services.
import { randomBytes } from "node:crypto";
import { ACCOUNT_ID } from "./emulator-state";
import type { Ec2Store } from "./emulator-ec2-state";
import { EcsApiError, epochSeconds, type Input, objectList, optInt, optString, stringList } from "./emulator-wire";

export interface Namespace {
  id: string;
  arn: string;
  name: string;
  type: "HTTP" | "DNS_PRIVATE";
  description?: string;
  vpc?: string;
  creatorRequestId?: string;
  createdAt: number;
  tags: { Key: string; Value: string }[];
}

interface Operation {
  id: string;
  type: "CREATE_NAMESPACE" | "DELETE_NAMESPACE";
  namespaceId: string;
  at: number;
}

export class CloudMapStore {
  regions: Record<string, { namespaces: Record<string, Namespace>; operations: Record<string, Operation> }> = {};
  /** Set by the account: how many services (ECS Service Connect ones) a namespace holds. */
  serviceCount: (region: string, namespace: Namespace) => number = () => 0;

  region(name: string) {
    return (this.regions[name] ??= { namespaces: {}, operations: {} });
  }

  /** By name or full ARN, as ECS's serviceConnectConfiguration.namespace takes it ("The namespace name or full Amazon Resource Name (ARN)"). */
  find(region: string, ref: string): Namespace | undefined {
    return Object.values(this.region(region).namespaces).find((n) => n.arn === ref || n.name === ref);
  }
}

export interface CloudMapContext {
  cloudMap: CloudMapStore;
  ec2: Ec2Store;
  region: string;
  now: number;
}

const invalidInput = (message: string) => new EcsApiError("InvalidInput", message);
const lowerAlnum = (length: number) => Array.from(randomBytes(length), (byte) => "abcdefghijklmnopqrstuvwxyz0123456789"[byte % 36]).join("");

/** HTTP namespace names: 1–1024 printable ASCII without spaces; DNS ones a domain name of up to 253 characters (API_CreateHttpNamespace.html, API_CreatePrivateDnsNamespace.html). */
const HTTP_NAME = /^[!-~]{1,1024}$/;
const DNS_NAME = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;

function create(context: CloudMapContext, input: Input, type: Namespace["type"]) {
  const { cloudMap, ec2, region, now } = context;
  const name = optString(input, "Name") ?? "";
  if (!(type === "HTTP" ? HTTP_NAME : DNS_NAME).test(name)) throw invalidInput(`The namespace name '${name}' is not valid for a ${type} namespace.`);
  const creatorRequestId = optString(input, "CreatorRequestId");
  const vpc = type === "DNS_PRIVATE" ? optString(input, "Vpc") : undefined;
  if (type === "DNS_PRIVATE" && (!vpc || !ec2.region(region).vpcs[vpc])) throw invalidInput(`The VPC ${vpc} does not exist in ${region}.`);
  const state = cloudMap.region(region);
  const existing = Object.values(state.namespaces).find((n) => n.name === name);
  if (existing) {
    // The same CreatorRequestId is a retry of the same request: its operation again.
    const earlier = creatorRequestId && existing.creatorRequestId === creatorRequestId && Object.values(state.operations).find((o) => o.namespaceId === existing.id && o.type === "CREATE_NAMESPACE");
    if (earlier) return { OperationId: earlier.id };
    throw new EcsApiError("NamespaceAlreadyExists", `Namespace ${name} already exists.`);
  }
  const id = `ns-${lowerAlnum(16)}`;
  const tags = objectList(input, "Tags").map((tag) => ({ Key: optString(tag, "Key") ?? "", Value: optString(tag, "Value") ?? "" }));
  state.namespaces[id] = { id, arn: `arn:aws:servicediscovery:${region}:${ACCOUNT_ID}:namespace/${id}`, name, type, description: optString(input, "Description"), vpc, creatorRequestId, createdAt: now, tags };
  const operation: Operation = { id: `${lowerAlnum(32)}-${lowerAlnum(8)}`, type: "CREATE_NAMESPACE", namespaceId: id, at: now };
  state.operations[operation.id] = operation;
  return { OperationId: operation.id };
}

function view(cloudMap: CloudMapStore, region: string, namespace: Namespace) {
  return {
    Id: namespace.id,
    Arn: namespace.arn,
    Name: namespace.name,
    Type: namespace.type,
    ...(namespace.description ? { Description: namespace.description } : {}),
    ServiceCount: cloudMap.serviceCount(region, namespace),
    Properties: {
      ...(namespace.type === "DNS_PRIVATE" ? { DnsProperties: { HostedZoneId: `Z${namespace.id.slice(3).toUpperCase()}`, SOA: { TTL: 15 } } } : {}),
      HttpProperties: { HttpName: namespace.name },
    },
    CreateDate: epochSeconds(namespace.createdAt),
    ...(namespace.creatorRequestId ? { CreatorRequestId: namespace.creatorRequestId } : {}),
  };
}

function namespaceOf({ cloudMap, region }: CloudMapContext, input: Input): Namespace {
  const id = optString(input, "Id") ?? "";
  const namespace = cloudMap.region(region).namespaces[id];
  if (!namespace) throw new EcsApiError("NamespaceNotFound", `Namespace not found: ${id}`);
  return namespace;
}

/** NamespaceFilter (API_NamespaceFilter.html): TYPE, NAME, HTTP_NAME or RESOURCE_OWNER; EQ (default), IN or BEGINS_WITH. */
function matches(namespace: Namespace, filter: Input): boolean {
  const name = optString(filter, "Name");
  const values = stringList(filter, "Values") ?? [];
  const condition = optString(filter, "Condition") ?? "EQ";
  if (!["EQ", "IN", "BEGINS_WITH"].includes(condition)) throw invalidInput(`Filter condition ${condition} is not supported.`);
  if (values.length < 1) throw invalidInput("A filter needs at least one value.");
  if (condition === "EQ" && values.length !== 1) throw invalidInput("An EQ filter takes exactly one value.");
  const actual = name === "TYPE" ? namespace.type : name === "NAME" || name === "HTTP_NAME" ? namespace.name : name === "RESOURCE_OWNER" ? "SELF" : undefined;
  if (actual === undefined) throw invalidInput(`Filter name ${name} must be TYPE, NAME, HTTP_NAME or RESOURCE_OWNER.`);
  return condition === "BEGINS_WITH" ? values.some((v) => actual.startsWith(v)) : values.includes(actual);
}

export const cloudMapOperations: Record<string, (context: CloudMapContext, input: Input) => object> = {
  CreateHttpNamespace: (context, input) => create(context, input, "HTTP"),
  CreatePrivateDnsNamespace: (context, input) => create(context, input, "DNS_PRIVATE"),
  GetNamespace: (context, input) => ({ Namespace: view(context.cloudMap, context.region, namespaceOf(context, input)) }),
  ListNamespaces(context, input) {
    const size = optInt(input, "MaxResults") ?? 100;
    if (size < 1 || size > 100) throw invalidInput("MaxResults must be between 1 and 100.");
    const filters = objectList(input, "Filters");
    const all = Object.values(context.cloudMap.region(context.region).namespaces).filter((n) => filters.every((f) => matches(n, f)));
    const start = Number(optString(input, "NextToken") ?? 0);
    const items = all.slice(start, start + size);
    return { Namespaces: items.map((n) => view(context.cloudMap, context.region, n)), ...(start + size < all.length ? { NextToken: String(start + size) } : {}) };
  },
  DeleteNamespace(context, input) {
    const namespace = namespaceOf(context, input);
    const { cloudMap, region, now } = context;
    if (cloudMap.serviceCount(region, namespace) > 0) throw new EcsApiError("ResourceInUse", `The namespace ${namespace.id} can't be deleted because it contains services.`);
    delete cloudMap.region(region).namespaces[namespace.id];
    const operation: Operation = { id: `${lowerAlnum(32)}-${lowerAlnum(8)}`, type: "DELETE_NAMESPACE", namespaceId: namespace.id, at: now };
    cloudMap.region(region).operations[operation.id] = operation;
    return { OperationId: operation.id };
  },
  GetOperation(context, input) {
    const id = optString(input, "OperationId") ?? "";
    const operation = context.cloudMap.region(context.region).operations[id];
    if (!operation) throw new EcsApiError("OperationNotFound", `Operation not found: ${id}`);
    // Namespaces are ready at once here, so their operations have succeeded by the time anyone asks.
    return { Operation: { Id: operation.id, Type: operation.type, Status: "SUCCESS", CreateDate: epochSeconds(operation.at), UpdateDate: epochSeconds(operation.at), Targets: { NAMESPACE: operation.namespaceId } } };
  },
};
