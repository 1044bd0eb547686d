// The names of the requests and read-back checks a Kubernetes plan lists. An enforcement row's evidence names one of
// them, so the plan, the policy rendering and apply say the same thing. Pure.

/** Every request is a server-side apply (PATCH, application/apply-patch+yaml, fieldManager=bulkhead, force). */
export const applyOperation = (kind: string, namespace: string | undefined, name: string) => `server-side apply ${kind} ${namespace ? `${namespace}/` : ""}${name}`;

export const CHECKS = {
  ingressClass: (className: string) => `read IngressClass ${className}`,
  tlsSecret: (namespace: string, secretName: string) => `read Secret ${namespace}/${secretName}`,
};
