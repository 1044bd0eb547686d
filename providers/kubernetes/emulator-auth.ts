// Bearer tokens and what each may do (https://kubernetes.io/docs/reference/access-authn-authz/authentication/#static-token-file,
// https://kubernetes.io/docs/reference/access-authn-authz/rbac/): an unknown token is 401 Unauthorized; a verb the
// token's grant lacks is 403 with the RBAC authorizer's words; SelfSubjectAccessReview answers the same question.
import { qualified, refuse, type StatusError } from "./emulator-status";

export interface TokenGrant {
  /** The user the token authenticates as. Default: `token-<n>`. */
  user?: string;
  /** Verbs allowed per resource plural (`deployments`), `*` for every resource or verb. Default: everything. */
  allow?: Record<string, string[]>;
}

export interface Caller {
  user: string;
  may(verb: string, resource: string): boolean;
}

export function authenticate(tokens: Record<string, TokenGrant>, authorization: string | undefined): Caller | StatusError {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
  const grant = token === undefined ? undefined : tokens[token];
  if (!token || !grant) return refuse(401, "Unauthorized", "Unauthorized");
  const user = grant.user ?? `token-${Object.keys(tokens).indexOf(token) + 1}`;
  return {
    user,
    may: (verb, resource) => {
      if (!grant.allow) return true;
      const verbs = [...(grant.allow[resource] ?? []), ...(grant.allow["*"] ?? [])];
      return verbs.includes(verb) || verbs.includes("*");
    },
  };
}

/** The RBAC authorizer's refusal: `deployments.apps "web" is forbidden: User "u" cannot patch resource …`. */
export function forbidden(caller: Caller, verb: string, resource: string, group: string, namespace: string | undefined, name: string | undefined): StatusError {
  const subject = name ? `${qualified(resource, group)} "${name}"` : qualified(resource, group);
  const scope = namespace ? `in the namespace "${namespace}"` : "at the cluster scope";
  return refuse(403, "Forbidden", `${subject} is forbidden: User "${caller.user}" cannot ${verb} resource "${resource}" in API group "${group}" ${scope}`, { ...(name && { name }), group: group || undefined, kind: resource });
}
