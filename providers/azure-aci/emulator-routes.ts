// The Microsoft.ContainerInstance REST surface the SDK uses: which operation a request is, and its answer.
import { armError, isArmError, type ArmError } from "./emulator-wire";
import type { ContainerGroupStore } from "./emulator-state";
import { checkTags, validateGroupRequest, type WireGroupRequest } from "./emulator-validate";
import { nameRefusal, RESOURCE_GROUP, SUBSCRIPTION } from "./emulator-rules";
import { CONTAINER_GROUPS_SERVICE } from "./emulator-network-rules";
import type { NetworkStore } from "./emulator-network-state";

/** Versions of the containerGroups API the service knows; the SDK 9.1.0 sends 2023-05-01. */
const API_VERSIONS = new Set(["2023-05-01", "2023-02-01-preview", "2022-10-01-preview", "2022-09-01", "2021-10-01", "2021-09-01", "2021-07-01", "2021-03-01", "2020-11-01", "2019-12-01", "2018-10-01"]);

export type Operation =
  | "ContainerGroups_List"
  | "ContainerGroups_ListByResourceGroup"
  | "ContainerGroups_Get"
  | "ContainerGroups_CreateOrUpdate"
  | "ContainerGroups_Delete"
  | "ContainerGroups_Update"
  | "ContainerGroups_Restart"
  | "ContainerGroups_Stop"
  | "ContainerGroups_Start"
  | "Containers_ListLogs"
  | "AsyncOperation_Get"
  | "Unknown";

export interface Route {
  operation: Operation;
  params: Record<string, string>;
}

export interface Request {
  method: string;
  url: URL;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const SUB = "/subscriptions/([^/]+)";
const RG = "/resourceGroups/([^/]+)";
const CI = "/providers/Microsoft\\.ContainerInstance";
// ARM paths are case-insensitive.
const patterns: [RegExp, string[], Partial<Record<string, Operation>>][] = [
  [new RegExp(`^${SUB}${CI}/containerGroups/?$`, "i"), ["subscriptionId"], { GET: "ContainerGroups_List" }],
  [new RegExp(`^${SUB}${RG}${CI}/containerGroups/?$`, "i"), ["subscriptionId", "resourceGroup"], { GET: "ContainerGroups_ListByResourceGroup" }],
  [
    new RegExp(`^${SUB}${RG}${CI}/containerGroups/([^/]+)$`, "i"),
    ["subscriptionId", "resourceGroup", "name"],
    { GET: "ContainerGroups_Get", PUT: "ContainerGroups_CreateOrUpdate", DELETE: "ContainerGroups_Delete", PATCH: "ContainerGroups_Update" },
  ],
  [new RegExp(`^${SUB}${RG}${CI}/containerGroups/([^/]+)/restart$`, "i"), ["subscriptionId", "resourceGroup", "name"], { POST: "ContainerGroups_Restart" }],
  [new RegExp(`^${SUB}${RG}${CI}/containerGroups/([^/]+)/stop$`, "i"), ["subscriptionId", "resourceGroup", "name"], { POST: "ContainerGroups_Stop" }],
  [new RegExp(`^${SUB}${RG}${CI}/containerGroups/([^/]+)/start$`, "i"), ["subscriptionId", "resourceGroup", "name"], { POST: "ContainerGroups_Start" }],
  [new RegExp(`^${SUB}${RG}${CI}/containerGroups/([^/]+)/containers/([^/]+)/logs$`, "i"), ["subscriptionId", "resourceGroup", "name", "container"], { GET: "Containers_ListLogs" }],
  [new RegExp(`^${SUB}${CI}/locations/([^/]+)/operations/([^/]+)$`, "i"), ["subscriptionId", "location", "operationId"], { GET: "AsyncOperation_Get" }],
];

export function route(method: string, pathname: string): Route {
  for (const [pattern, names, operations] of patterns) {
    const match = pattern.exec(pathname);
    const operation = match && operations[method];
    if (operation) return { operation, params: Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1])])) };
  }
  return { operation: "Unknown", params: {} };
}

/** The bearer token every ARM request needs, whichever provider it is for. */
export function tokenRefusal(request: Request): ArmError | undefined {
  const authorization = request.headers.authorization;
  if (typeof authorization !== "string") return armError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
  if (!/^Bearer \S+$/.test(authorization.trim())) return armError(401, "InvalidAuthenticationToken", "The access token is invalid.");
  return undefined;
}

/** Checks every request gets before its operation runs, in ARM's order: token, api-version, subscription. */
function gate(request: Request, route: Route): ArmError | undefined {
  const unauthorized = tokenRefusal(request);
  if (unauthorized) return unauthorized;
  const version = request.url.searchParams.get("api-version");
  if (!version) return armError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
  if (!API_VERSIONS.has(version)) {
    return armError(400, "NoRegisteredProviderFound", `No registered resource provider found for API version '${version}' and type 'containerGroups'. The supported api-versions are '${[...API_VERSIONS].join(", ")}'.`);
  }
  const { subscriptionId, resourceGroup, name } = route.params;
  if (subscriptionId !== undefined && !SUBSCRIPTION.test(subscriptionId)) return armError(400, "InvalidSubscriptionId", `The provided subscription identifier '${subscriptionId}' is malformed or invalid.`);
  // Every well-formed resource group exists in the emulator; a malformed name cannot name one.
  if (resourceGroup !== undefined && !RESOURCE_GROUP.test(resourceGroup)) return armError(404, "ResourceGroupNotFound", `Resource group '${resourceGroup}' could not be found.`);
  const badName = name === undefined ? undefined : nameRefusal(name);
  if (badName) return armError(400, "InvalidContainerGroupName", `The container group name '${name}' is invalid: it ${badName}.`, "name");
  return undefined;
}

/**
 * A VNet placement Azure refuses: a subnet that does not exist, is in another subscription, or is not delegated to
 * container groups ("Subnet missing required delegation 'Microsoft.ContainerInstance' for container group '…'",
 * SubnetMissingRequiredDelegation, seen in Azure/dev-box-images#8; SubnetAndContainerGroupMustBeInSameSubscription,
 * MicrosoftDocs/azure-docs#94486). A missing subnet is the network provider's InvalidResourceReference.
 */
function placementRefusal(network: NetworkStore, subscriptionId: string, name: string, request: WireGroupRequest): ArmError | undefined {
  for (const { id } of request.properties.subnetIds ?? []) {
    const subnet = network.subnet(id);
    const groupId = `/subscriptions/${subscriptionId}/providers/Microsoft.ContainerInstance/containerGroups/${name}`;
    if (!subnet) return armError(400, "InvalidResourceReference", `Resource ${id} referenced by resource ${groupId} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`, "properties.subnetIds");
    if (subnet.subscriptionId.toLowerCase() !== subscriptionId.toLowerCase()) return armError(400, "SubnetAndContainerGroupMustBeInSameSubscription", `The subnet '${id}' and container group '${name}' must be in the same subscription.`, "properties.subnetIds");
    if (subnet.location.toLowerCase() !== request.location.toLowerCase()) return armError(400, "InvalidResourceReference", `Resource ${id} referenced by resource ${groupId} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`, "properties.subnetIds");
    if (!subnet.delegatedTo.includes(CONTAINER_GROUPS_SERVICE)) return armError(400, "SubnetMissingRequiredDelegation", `Subnet missing required delegation 'Microsoft.ContainerInstance' for container group '${name}'.`, "properties.subnetIds");
  }
  return undefined;
}

/** Answers one request; `baseUrl` builds the Azure-AsyncOperation address. */
export function answer(store: ContainerGroupStore, network: NetworkStore, request: Request, route: Route, baseUrl: string): Answer | ArmError {
  const refused = gate(request, route);
  if (refused) return refused;
  const { subscriptionId, resourceGroup, name, location, operationId, container } = route.params;
  const notFound = () => armError(404, "ResourceNotFound", `The Resource 'Microsoft.ContainerInstance/containerGroups/${name}' under resource group '${resourceGroup}' was not found.`);
  const version = request.url.searchParams.get("api-version")!;
  const asyncUrl = (where: string, id: string) => `${baseUrl}/subscriptions/${subscriptionId}/providers/Microsoft.ContainerInstance/locations/${encodeURIComponent(where)}/operations/${id}?api-version=${version}`;

  switch (route.operation) {
    case "ContainerGroups_List":
      return { status: 200, body: { value: store.list(subscriptionId) } };
    case "ContainerGroups_ListByResourceGroup":
      return { status: 200, body: { value: store.list(subscriptionId, resourceGroup) } };
    case "ContainerGroups_Get": {
      const group = store.get(subscriptionId, resourceGroup, name);
      return group ? { status: 200, body: group } : notFound();
    }
    case "ContainerGroups_Delete": {
      // Deleted at once: 200 with the group, or 204 when there was none (ARM's idempotent DELETE).
      const group = store.delete(subscriptionId, resourceGroup, name);
      return group ? { status: 200, body: group } : { status: 204 };
    }
    case "ContainerGroups_CreateOrUpdate": {
      if (!/^application\/json\b/i.test(String(request.headers["content-type"] ?? ""))) {
        return armError(415, "UnsupportedMediaType", "The content media type is not supported. Content-Type must be 'application/json'.");
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(request.body);
      } catch {
        return armError(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized.");
      }
      const valid = validateGroupRequest(name, parsed);
      if (isArmError(valid)) return valid;
      const misplaced = placementRefusal(network, subscriptionId, name, valid);
      if (misplaced) return misplaced;
      const accepted = store.put(subscriptionId, resourceGroup, name, valid);
      if (isArmError(accepted)) return accepted;
      return { status: accepted.created ? 201 : 200, body: accepted.view, headers: { "Azure-AsyncOperation": asyncUrl(valid.location, accepted.operationId) } };
    }
    case "ContainerGroups_Update": {
      let parsed: unknown;
      try {
        parsed = JSON.parse(request.body);
      } catch {
        return armError(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized.");
      }
      // The Resource model of an update carries tags only; anything else in the body is not applied.
      const tags = typeof parsed === "object" && parsed !== null ? (parsed as { tags?: unknown }).tags : undefined;
      const badTags = checkTags(tags);
      if (badTags) return badTags;
      const updated = store.updateTags(subscriptionId, resourceGroup, name, (tags as Record<string, string> | undefined) ?? {});
      return updated ? { status: 200, body: updated } : notFound();
    }
    case "ContainerGroups_Restart":
    case "ContainerGroups_Stop":
    case "ContainerGroups_Start": {
      const action = route.operation === "ContainerGroups_Restart" ? "restart" : route.operation === "ContainerGroups_Stop" ? "stop" : "start";
      const done = store.lifecycle(subscriptionId, resourceGroup, name, action);
      if (!done) return notFound();
      if (isArmError(done)) return done;
      // Start deploys the containers again: 202 and an operation to poll. Stop and restart answer 204 No Content.
      return done.operationId ? { status: 202, headers: { "Azure-AsyncOperation": asyncUrl(done.location, done.operationId) } } : { status: 204 };
    }
    case "Containers_ListLogs": {
      const tailParameter = request.url.searchParams.get("tail");
      const tail = tailParameter === null ? undefined : Number(tailParameter);
      if (tail !== undefined && (!Number.isInteger(tail) || tail < 0)) return armError(400, "InvalidRequestContent", "The 'tail' parameter must be a non-negative integer.", "tail");
      const content = store.logs(subscriptionId, resourceGroup, name, container, tail, request.url.searchParams.get("timestamps") === "true");
      if (content === null) return notFound();
      if (content === undefined) return armError(404, "ContainerNotFound", `The container '${container}' is not found in container group '${name}'.`);
      return { status: 200, body: { content } };
    }
    case "AsyncOperation_Get": {
      const operation = store.operation(operationId);
      return operation ? { status: 200, body: operation } : armError(404, "OperationNotFound", `The operation '${operationId}' in location '${location}' was not found.`);
    }
    case "Unknown":
      return armError(404, "NotFound", `No HTTP resource was found that matches the request URI '${request.url.pathname}' and method '${request.method}'.`);
  }
}
