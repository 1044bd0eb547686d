// The resources this emulator serves and the discovery documents that announce them
// (https://kubernetes.io/docs/concepts/overview/kubernetes-api/#discovery-api): clients such as kubectl and
// `KubernetesObjectApi` read `/api/v1` and `/apis/{group}/{version}` to learn a kind's plural and scope.

export interface ResourceType {
  /** The plural in URLs: `deployments`. */
  name: string;
  singularName: string;
  kind: string;
  group: string;
  version: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
}

const CRUD = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

export const RESOURCES: ResourceType[] = [
  { name: "namespaces", singularName: "namespace", kind: "Namespace", group: "", version: "v1", namespaced: false, verbs: ["create", "delete", "get", "list", "patch", "update", "watch"], shortNames: ["ns"] },
  { name: "secrets", singularName: "secret", kind: "Secret", group: "", version: "v1", namespaced: true, verbs: CRUD },
  { name: "services", singularName: "service", kind: "Service", group: "", version: "v1", namespaced: true, verbs: CRUD, shortNames: ["svc"] },
  { name: "pods", singularName: "pod", kind: "Pod", group: "", version: "v1", namespaced: true, verbs: CRUD, shortNames: ["po"] },
  { name: "events", singularName: "event", kind: "Event", group: "", version: "v1", namespaced: true, verbs: CRUD, shortNames: ["ev"] },
  { name: "nodes", singularName: "node", kind: "Node", group: "", version: "v1", namespaced: false, verbs: CRUD, shortNames: ["no"] },
  { name: "deployments", singularName: "deployment", kind: "Deployment", group: "apps", version: "v1", namespaced: true, verbs: CRUD, shortNames: ["deploy"] },
  { name: "ingresses", singularName: "ingress", kind: "Ingress", group: "networking.k8s.io", version: "v1", namespaced: true, verbs: CRUD, shortNames: ["ing"] },
  { name: "networkpolicies", singularName: "networkpolicy", kind: "NetworkPolicy", group: "networking.k8s.io", version: "v1", namespaced: true, verbs: CRUD, shortNames: ["netpol"] },
  { name: "ingressclasses", singularName: "ingressclass", kind: "IngressClass", group: "networking.k8s.io", version: "v1", namespaced: false, verbs: CRUD },
  { name: "selfsubjectaccessreviews", singularName: "selfsubjectaccessreview", kind: "SelfSubjectAccessReview", group: "authorization.k8s.io", version: "v1", namespaced: false, verbs: ["create"] },
];

/** The subresources served (./emulator-pod-log.ts), listed after their resource as the API server lists them. */
const SUBRESOURCES: Pick<ResourceType, "name" | "kind" | "namespaced" | "verbs">[] = [{ name: "pods/log", kind: "Pod", namespaced: true, verbs: ["get"] }];

export const apiVersionOf = (type: ResourceType) => (type.group ? `${type.group}/${type.version}` : type.version);

export function resourceType(group: string, version: string, plural: string): ResourceType | undefined {
  return RESOURCES.find((type) => type.group === group && type.version === version && type.name === plural);
}

export function typeOfKind(apiVersion: string, kind: string): ResourceType | undefined {
  return RESOURCES.find((type) => apiVersionOf(type) === apiVersion && type.kind === kind);
}

const groups = () => [...new Set(RESOURCES.filter((type) => type.group).map((type) => type.group))];

function resourceList(group: string, version: string) {
  const served = RESOURCES.filter((type) => type.group === group && type.version === version);
  if (served.length === 0) return undefined;
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: group ? `${group}/${version}` : version,
    resources: served.flatMap(({ name, singularName, kind, namespaced, verbs, shortNames }) => [
      { name, singularName, namespaced, kind, verbs, ...(shortNames && { shortNames }), storageVersionHash: "" },
      ...SUBRESOURCES.filter((sub) => sub.name.startsWith(`${name}/`)).map((sub) => ({ ...sub, singularName: "" })),
    ]),
  };
}

/** The discovery document at `path`, or undefined when the path is not a discovery path this server knows. */
export function discovery(path: string, gitVersion: string): object | undefined {
  if (path === "/version") {
    const [major, minor] = gitVersion.replace(/^v/, "").split(".");
    return { major, minor, gitVersion, gitCommit: "emulator", gitTreeState: "clean", buildDate: "2025-01-01T00:00:00Z", goVersion: "go1.23", compiler: "gc", platform: "linux/amd64" };
  }
  if (path === "/api") return { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "127.0.0.1" }] };
  if (path === "/api/v1") return resourceList("", "v1");
  if (path === "/apis") {
    return {
      kind: "APIGroupList",
      apiVersion: "v1",
      groups: groups().map((name) => ({ name, versions: [{ groupVersion: `${name}/v1`, version: "v1" }], preferredVersion: { groupVersion: `${name}/v1`, version: "v1" } })),
    };
  }
  const group = /^\/apis\/([^/]+)$/.exec(path);
  if (group && groups().includes(group[1])) {
    return { kind: "APIGroup", apiVersion: "v1", name: group[1], versions: [{ groupVersion: `${group[1]}/v1`, version: "v1" }], preferredVersion: { groupVersion: `${group[1]}/v1`, version: "v1" } };
  }
  const groupVersion = /^\/apis\/([^/]+)\/([^/]+)$/.exec(path);
  if (groupVersion) return resourceList(groupVersion[1], groupVersion[2]);
  return undefined;
}
