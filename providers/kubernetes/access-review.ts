// What Bulkhead's user must be allowed on a cluster, asked of the API server itself with SelfSubjectAccessReviews
// (https://kubernetes.io/docs/reference/access-authn-authz/authorization/#checking-api-access), so testConnection
// names the missing permissions instead of a later deploy failing half-way.
import type { AuthorizationV1Api } from "@kubernetes/client-node";

export interface Permission {
  group: string;
  resource: string;
  /** `log` of `pods/log`. */
  subresource?: string;
  verb: string;
}

const MANAGE = ["create", "patch", "get", "list", "watch", "delete"];
/** The objects apply makes, observe reads and destroy removes, in every namespace (teams get namespaces as they come). */
const MANAGED: [group: string, resource: string][] = [
  ["", "namespaces"],
  ["apps", "deployments"],
  ["", "services"],
  ["networking.k8s.io", "ingresses"],
  ["networking.k8s.io", "networkpolicies"],
  ["", "secrets"],
];

export const REQUIRED_PERMISSIONS: Permission[] = [
  ...MANAGED.flatMap(([group, resource]) => MANAGE.map((verb) => ({ group, resource, verb }))),
  // status names the pods' problems; apply reads the target's ingress class back.
  { group: "", resource: "pods", verb: "list" },
  { group: "networking.k8s.io", resource: "ingressclasses", verb: "get" },
  // logs reads the pods' logs, and its follower watches the app's pods for new ones; events lists what the cluster
  // recorded about the app.
  { group: "", resource: "pods", subresource: "log", verb: "get" },
  { group: "", resource: "pods", verb: "watch" },
  { group: "", resource: "events", verb: "list" },
];

export const describePermission = (p: Permission) => `${p.verb} ${p.group ? `${p.resource}.${p.group}` : p.resource}${p.subresource ? `/${p.subresource}` : ""}`;

/** The permissions the API server says the caller lacks, in REQUIRED_PERMISSIONS order. */
export async function missingPermissions(authorization: AuthorizationV1Api): Promise<Permission[]> {
  const answers = await Promise.all(
    REQUIRED_PERMISSIONS.map(async (permission) => {
      const review = await authorization.createSelfSubjectAccessReview({
        body: { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: { resourceAttributes: { group: permission.group, resource: permission.resource, subresource: permission.subresource, verb: permission.verb } } },
      });
      return review.status?.allowed ? null : permission;
    }),
  );
  return answers.filter((p): p is Permission => p !== null);
}
