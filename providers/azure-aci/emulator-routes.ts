// The Microsoft.ContainerInstance REST surface the SDK uses: which operation a request is, and its answer.
import { armError, isArmError, type ArmError } from "./emulator-wire";
import type { ContainerGroupStore } from "./emulator-state";
import { validateGroupRequest } from "./emulator-validate";
import { nameRefusal, RESOURCE_GROUP, SUBSCRIPTION } from "./emulator-rules";

/** Versions of the containerGroups API the service knows; the SDK 9.1.0 sends 2023-05-01. */
const API_VERSIONS = new Set(["2023-05-01", "2023-02-01-preview", "2022-10-01-preview", "2022-09-01", "2021-10-01", "2021-09-01", "2021-07-01", "2021-03-01", "2020-11-01", "2019-12-01", "2018-10-01"]);

export type Operation =
  | "ContainerGroups_List"
  | "ContainerGroups_ListByResourceGroup"
  | "ContainerGroups_Get"
  | "ContainerGroups_CreateOrUpdate"
  | "ContainerGroups_Delete"
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
    { GET: "ContainerGroups_Get", PUT: "ContainerGroups_CreateOrUpdate", DELETE: "ContainerGroups_Delete" },
  ],
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

/** Checks every request gets before its operation runs, in ARM's order: token, api-version, subscription. */
function gate(request: Request, route: Route): ArmError | undefined {
  const authorization = request.headers.authorization;
  if (typeof authorization !== "string") return armError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
  if (!/^Bearer \S+$/.test(authorization.trim())) return armError(401, "InvalidAuthenticationToken", "The access token is invalid.");
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

/** Answers one request; `baseUrl` builds the Azure-AsyncOperation address. */
export function answer(store: ContainerGroupStore, request: Request, route: Route, baseUrl: string): Answer | ArmError {
  const refused = gate(request, route);
  if (refused) return refused;
  const { subscriptionId, resourceGroup, name, location, operationId } = route.params;
  const notFound = () => armError(404, "ResourceNotFound", `The Resource 'Microsoft.ContainerInstance/containerGroups/${name}' under resource group '${resourceGroup}' was not found.`);

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
      const accepted = store.put(subscriptionId, resourceGroup, name, valid);
      if (isArmError(accepted)) return accepted;
      const version = request.url.searchParams.get("api-version")!;
      const asyncUrl = `${baseUrl}/subscriptions/${subscriptionId}/providers/Microsoft.ContainerInstance/locations/${encodeURIComponent(valid.location)}/operations/${accepted.operationId}?api-version=${version}`;
      return { status: accepted.created ? 201 : 200, body: accepted.view, headers: { "Azure-AsyncOperation": asyncUrl } };
    }
    case "AsyncOperation_Get": {
      const operation = store.operation(operationId);
      return operation ? { status: 200, body: operation } : armError(404, "OperationNotFound", `The operation '${operationId}' in location '${location}' was not found.`);
    }
    case "Unknown":
      return armError(404, "NotFound", `No HTTP resource was found that matches the request URI '${request.url.pathname}' and method '${request.method}'.`);
  }
}
