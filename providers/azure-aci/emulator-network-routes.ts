// The Microsoft.Network REST surface the SDKs use for virtual networks, subnets, network security groups and their
// rules: which operation a request is, and its answer. Changes are long-running operations as the Azure Resource
// Manager RPC describes them ("Asynchronous Operations", https://github.com/Azure/azure-resource-manager-rpc,
// v1.0/Addendum.md): a PUT answers 201 (or 200) with the resource in a non-terminal provisioningState and an
// Azure-AsyncOperation header the client polls; a DELETE answers 202 with Azure-AsyncOperation and Location.
import { armError, isArmError, type ArmError } from "./emulator-wire";
import type { NetworkAccepted, NetworkStore } from "./emulator-network-state";
import { validateSecurityGroup, validateSecurityRule, validateSubnet, validateVirtualNetwork } from "./emulator-network-validate";
import type { Answer, Request } from "./emulator-routes";
import { RESOURCE_GROUP, SUBSCRIPTION } from "./emulator-rules";

/** Versions of the network API the service knows; @azure/arm-network 39 sends 2026-01-01, Debian's Python SDK 2022-07-01. */
const API_VERSIONS = new Set([
  "2026-01-01", "2025-07-01", "2025-05-01", "2025-03-01", "2025-01-01", "2024-10-01", "2024-07-01", "2024-05-01", "2024-03-01", "2024-01-01",
  "2023-11-01", "2023-09-01", "2023-06-01", "2023-05-01", "2023-04-01", "2023-02-01", "2022-11-01", "2022-09-01", "2022-07-01", "2022-05-01", "2022-01-01",
]);

export type NetworkOperation =
  | "VirtualNetworks_List" | "VirtualNetworks_Get" | "VirtualNetworks_CreateOrUpdate" | "VirtualNetworks_Delete"
  | "Subnets_List" | "Subnets_Get" | "Subnets_CreateOrUpdate" | "Subnets_Delete"
  | "NetworkSecurityGroups_List" | "NetworkSecurityGroups_Get" | "NetworkSecurityGroups_CreateOrUpdate" | "NetworkSecurityGroups_Delete"
  | "SecurityRules_List" | "SecurityRules_Get" | "SecurityRules_CreateOrUpdate" | "SecurityRules_Delete"
  | "NetworkOperation_Get" | "NetworkOperationResult_Get";

export interface NetworkRoute {
  operation: NetworkOperation;
  params: Record<string, string>;
}

const SUB = "/subscriptions/([^/]+)";
const RG = "/resourceGroups/([^/]+)";
const NET = "/providers/Microsoft\\.Network";
const crud = (prefix: string): Partial<Record<string, NetworkOperation>> => ({
  GET: `${prefix}_Get` as NetworkOperation,
  PUT: `${prefix}_CreateOrUpdate` as NetworkOperation,
  DELETE: `${prefix}_Delete` as NetworkOperation,
});
// ARM paths are case-insensitive.
const patterns: [RegExp, string[], Partial<Record<string, NetworkOperation>>][] = [
  [new RegExp(`^${SUB}${RG}${NET}/virtualNetworks/?$`, "i"), ["subscriptionId", "resourceGroup"], { GET: "VirtualNetworks_List" }],
  [new RegExp(`^${SUB}${RG}${NET}/virtualNetworks/([^/]+)$`, "i"), ["subscriptionId", "resourceGroup", "network"], crud("VirtualNetworks")],
  [new RegExp(`^${SUB}${RG}${NET}/virtualNetworks/([^/]+)/subnets/?$`, "i"), ["subscriptionId", "resourceGroup", "network"], { GET: "Subnets_List" }],
  [new RegExp(`^${SUB}${RG}${NET}/virtualNetworks/([^/]+)/subnets/([^/]+)$`, "i"), ["subscriptionId", "resourceGroup", "network", "name"], crud("Subnets")],
  [new RegExp(`^${SUB}${RG}${NET}/networkSecurityGroups/?$`, "i"), ["subscriptionId", "resourceGroup"], { GET: "NetworkSecurityGroups_List" }],
  [new RegExp(`^${SUB}${RG}${NET}/networkSecurityGroups/([^/]+)$`, "i"), ["subscriptionId", "resourceGroup", "group"], crud("NetworkSecurityGroups")],
  [new RegExp(`^${SUB}${RG}${NET}/networkSecurityGroups/([^/]+)/securityRules/?$`, "i"), ["subscriptionId", "resourceGroup", "group"], { GET: "SecurityRules_List" }],
  [new RegExp(`^${SUB}${RG}${NET}/networkSecurityGroups/([^/]+)/securityRules/([^/]+)$`, "i"), ["subscriptionId", "resourceGroup", "group", "name"], crud("SecurityRules")],
  [new RegExp(`^${SUB}${NET}/locations/([^/]+)/operations/([^/]+)$`, "i"), ["subscriptionId", "location", "operationId"], { GET: "NetworkOperation_Get" }],
  [new RegExp(`^${SUB}${NET}/locations/([^/]+)/operationResults/([^/]+)$`, "i"), ["subscriptionId", "location", "operationId"], { GET: "NetworkOperationResult_Get" }],
];

/** The network operation of a request, or undefined when it is not a Microsoft.Network path. */
export function networkRoute(method: string, pathname: string): NetworkRoute | undefined {
  for (const [pattern, names, operations] of patterns) {
    const match = pattern.exec(pathname);
    const operation = match && operations[method];
    if (operation) return { operation, params: Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1])])) };
  }
  return undefined;
}

/** The checks every network request gets after its token, in ARM's order: api-version, subscription, resource group. */
function gate(request: Request, route: NetworkRoute): ArmError | undefined {
  const version = request.url.searchParams.get("api-version");
  if (!version) return armError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
  if (!API_VERSIONS.has(version)) return armError(400, "InvalidApiVersionParameter", `The api-version '${version}' is invalid. The supported versions are '${[...API_VERSIONS].join(",")}'.`);
  const { subscriptionId, resourceGroup } = route.params;
  if (!SUBSCRIPTION.test(subscriptionId)) return armError(400, "InvalidSubscriptionId", `The provided subscription identifier '${subscriptionId}' is malformed or invalid.`);
  // Every well-formed resource group exists in the emulator; a malformed name cannot name one.
  if (resourceGroup !== undefined && !RESOURCE_GROUP.test(resourceGroup)) return armError(404, "ResourceGroupNotFound", `Resource group '${resourceGroup}' could not be found.`);
  return undefined;
}

function parseBody(request: Request): unknown | ArmError {
  if (!/^application\/json\b/i.test(String(request.headers["content-type"] ?? ""))) {
    return armError(415, "UnsupportedMediaType", "The content media type is not supported. Content-Type must be 'application/json'.");
  }
  try {
    return JSON.parse(request.body);
  } catch {
    return armError(400, "InvalidRequestFormat", "Cannot parse the request.");
  }
}

export function answerNetwork(store: NetworkStore, request: Request, route: NetworkRoute, baseUrl: string): Answer | ArmError {
  const refused = gate(request, route);
  if (refused) return refused;
  const { subscriptionId: s, resourceGroup: rg, network, group, name, operationId } = route.params;
  const version = request.url.searchParams.get("api-version")!;
  const operationUrl = (location: string, id: string, kind = "operations") => `${baseUrl}/subscriptions/${s}/providers/Microsoft.Network/locations/${encodeURIComponent(location)}/${kind}/${id}?api-version=${version}`;
  const accepted = (result: NetworkAccepted | ArmError): Answer | ArmError =>
    isArmError(result) ? result : { status: result.status, body: result.view, headers: { "Azure-AsyncOperation": operationUrl(result.location, result.operationId), "Retry-After": "0" } };
  // A delete that finished at once is still reported the asynchronous way, as the network provider does.
  const deleted = (result: { location: string } | ArmError | undefined): Answer | ArmError => {
    if (isArmError(result)) return result;
    if (!result) return { status: 204 };
    const id = store.finishedOperation();
    return { status: 202, headers: { "Azure-AsyncOperation": operationUrl(result.location, id), Location: operationUrl(result.location, id, "operationResults"), "Retry-After": "0" } };
  };
  const notFound = (type: string, resource: string) => armError(404, "NotFound", `Resource /subscriptions/${s}/resourceGroups/${rg}/providers/Microsoft.Network/${type}/${resource} not found.`);
  const body = () => parseBody(request);

  switch (route.operation) {
    case "VirtualNetworks_List":
      return { status: 200, body: { value: store.listVirtualNetworks(s, rg) } };
    case "VirtualNetworks_Get":
      return found(store.getVirtualNetwork(s, rg, network), () => notFound("virtualNetworks", network));
    case "VirtualNetworks_CreateOrUpdate": {
      const parsed = body();
      if (isArmError(parsed)) return parsed;
      const valid = validateVirtualNetwork(network, parsed);
      return isArmError(valid) ? valid : accepted(store.putVirtualNetwork(s, rg, network, valid));
    }
    case "VirtualNetworks_Delete":
      return deleted(store.deleteVirtualNetwork(s, rg, network));
    case "Subnets_List": {
      const subnets = store.listSubnets(s, rg, network);
      return subnets ? { status: 200, body: { value: subnets } } : notFound("virtualNetworks", network);
    }
    case "Subnets_Get": {
      const subnet = store.getSubnet(s, rg, network, name);
      return subnet === null ? notFound("virtualNetworks", network) : found(subnet, () => notFound("virtualNetworks", `${network}/subnets/${name}`));
    }
    case "Subnets_CreateOrUpdate": {
      const parsed = body();
      if (isArmError(parsed)) return parsed;
      const valid = validateSubnet(name, parsed);
      return isArmError(valid) ? valid : accepted(store.putSubnet(s, rg, network, valid));
    }
    case "Subnets_Delete":
      return deleted(store.deleteSubnet(s, rg, network, name));
    case "NetworkSecurityGroups_List":
      return { status: 200, body: { value: store.listSecurityGroups(s, rg) } };
    case "NetworkSecurityGroups_Get":
      return found(store.getSecurityGroup(s, rg, group), () => notFound("networkSecurityGroups", group));
    case "NetworkSecurityGroups_CreateOrUpdate": {
      const parsed = body();
      if (isArmError(parsed)) return parsed;
      const valid = validateSecurityGroup(group, parsed);
      return isArmError(valid) ? valid : accepted(store.putSecurityGroup(s, rg, group, valid));
    }
    case "NetworkSecurityGroups_Delete":
      return deleted(store.deleteSecurityGroup(s, rg, group));
    case "SecurityRules_List": {
      const rules = store.listSecurityRules(s, rg, group);
      return rules ? { status: 200, body: { value: rules } } : notFound("networkSecurityGroups", group);
    }
    case "SecurityRules_Get": {
      const rule = store.getSecurityRule(s, rg, group, name);
      return rule === null ? notFound("networkSecurityGroups", group) : found(rule, () => notFound("networkSecurityGroups", `${group}/securityRules/${name}`));
    }
    case "SecurityRules_CreateOrUpdate": {
      const parsed = body();
      if (isArmError(parsed)) return parsed;
      const valid = validateSecurityRule(name, parsed);
      return isArmError(valid) ? valid : accepted(store.putSecurityRule(s, rg, group, valid));
    }
    case "SecurityRules_Delete":
      return deleted(store.deleteSecurityRule(s, rg, group, name));
    case "NetworkOperation_Get": {
      // Retry-After (seconds) is when to poll again; the operations here take milliseconds.
      const operation = store.operation(operationId);
      return operation ? { status: 200, body: operation, headers: { "Retry-After": "0" } } : armError(404, "OperationNotFound", `The operation '${operationId}' was not found.`);
    }
    case "NetworkOperationResult_Get": {
      const operation = store.operation(operationId) as { status: string } | undefined;
      if (!operation) return armError(404, "OperationNotFound", `The operation '${operationId}' was not found.`);
      return operation.status === "InProgress" ? { status: 202, headers: { "Retry-After": "0" } } : { status: 204 };
    }
  }
}

const found = (value: object | undefined, missing: () => ArmError): Answer | ArmError => (value ? { status: 200, body: value } : missing());
