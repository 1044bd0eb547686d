// What a refused mutation is recorded against when the refusal comes before any service could say (the input's
// schema, a conflict, a provider rule, a resource that is not there): the action as its services name it, and
// the resource it was aimed at, read from the raw input, so the resource's timeline shows the refused attempt.
// One line per mutation; refused-mutations.int.test.ts fails for a mutation without one.
import type { ProcedurePath } from "@/server/identity/authorization-matrix";

export interface RefusalTarget {
  action: string;
  resourceType: string;
  /** The input field holding the resource's id; none: the resource is named by the action alone. */
  idFrom?: string;
}

export const refusalTargets = {
  "apps.create": { action: "app.create", resourceType: "team", idFrom: "teamId" },
  "apps.update": { action: "app.update", resourceType: "app", idFrom: "id" },
  "apps.delete": { action: "app.delete", resourceType: "app", idFrom: "id" },
  "audit.startVerification": { action: "audit-verification.start", resourceType: "audit-verification" },
  "catalog.create": { action: "base-image.create", resourceType: "base-image" },
  "catalog.update": { action: "base-image.update", resourceType: "base-image", idFrom: "id" },
  "catalog.deprecate": { action: "base-image.deprecate", resourceType: "base-image", idFrom: "id" },
  "catalog.revoke": { action: "base-image.revoke", resourceType: "base-image", idFrom: "id" },
  "deployments.deploy": { action: "deployment.deploy", resourceType: "app", idFrom: "appId" },
  "deployments.rollback": { action: "deployment.rollback", resourceType: "deployment", idFrom: "id" },
  "deployments.scale": { action: "deployment.scale", resourceType: "deployment", idFrom: "id" },
  "deployments.destroy": { action: "deployment.destroy", resourceType: "deployment", idFrom: "id" },
  "identity.setRole": { action: "identity.setRole", resourceType: "user", idFrom: "userId" },
  "links.request": { action: "link.request", resourceType: "app", idFrom: "fromAppId" },
  "links.approve": { action: "link.approve", resourceType: "link", idFrom: "id" },
  "links.reject": { action: "link.reject", resourceType: "link", idFrom: "id" },
  "links.revoke": { action: "link.revoke", resourceType: "link", idFrom: "id" },
  "overrides.request": { action: "break-glass.request", resourceType: "audit-event", idFrom: "refusal" },
  "overrides.approve": { action: "break-glass.approve", resourceType: "break-glass-override", idFrom: "id" },
  "overrides.reject": { action: "break-glass.reject", resourceType: "break-glass-override", idFrom: "id" },
  "policy.setPlatform": { action: "policy.platform.update", resourceType: "policy" },
  "policy.setTeamOverride": { action: "policy.team.update", resourceType: "team", idFrom: "teamId" },
  "targets.create": { action: "target.create", resourceType: "target" },
} satisfies Partial<Record<ProcedurePath, RefusalTarget>>;

const ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The action and resource of a refused call of `path`; an id is taken from the input only when it looks like one
 * (hostile input must not reach the trail as a resource id). */
export function refusalTarget(path: string, rawInput: unknown): { action: string; resourceType: string; resourceId: string | null } {
  const target = (refusalTargets as Record<string, RefusalTarget | undefined>)[path];
  if (!target) return { action: path, resourceType: "procedure", resourceId: path };
  const value = target.idFrom && typeof rawInput === "object" && rawInput !== null && Object.hasOwn(rawInput, target.idFrom) ? (rawInput as Record<string, unknown>)[target.idFrom] : undefined;
  return { action: target.action, resourceType: target.resourceType, resourceId: typeof value === "string" && ID.test(value) ? value : null };
}
