// What a refused mutation is recorded against when the refusal comes before any service could say (the input's
// schema, a conflict, a provider rule, a resource that is not there): the action as its services name it, and
// the resource it was aimed at, read from the raw input, so the resource's timeline shows the refused attempt.
// One line per mutation; refused-mutations.int.test.ts fails for a mutation without one.
import type { ProcedurePath } from "@/server/trpc/procedure-paths";

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
  "apps.setClassification": { action: "app.set-classification", resourceType: "app", idFrom: "id" },
  "audit.startVerification": { action: "audit-verification.start", resourceType: "audit-verification" },
  "catalog.create": { action: "base-image.create", resourceType: "base-image" },
  "catalog.update": { action: "base-image.update", resourceType: "base-image", idFrom: "id" },
  "catalog.deprecate": { action: "base-image.deprecate", resourceType: "base-image", idFrom: "id" },
  "catalog.restrict": { action: "base-image.restrict", resourceType: "base-image", idFrom: "id" },
  "catalog.revoke": { action: "base-image.revoke", resourceType: "base-image", idFrom: "id" },
  "registries.set": { action: "registry-credential.set", resourceType: "team", idFrom: "teamId" },
  "registries.delete": { action: "registry-credential.delete", resourceType: "team", idFrom: "teamId" },
  "signingKeys.add": { action: "signing-key.add", resourceType: "signing-key" },
  "signingKeys.remove": { action: "signing-key.remove", resourceType: "signing-key", idFrom: "id" },
  "deployments.deploy": { action: "deployment.deploy", resourceType: "app", idFrom: "appId" },
  "deployments.rollback": { action: "deployment.rollback", resourceType: "deployment", idFrom: "id" },
  "deployments.scale": { action: "deployment.scale", resourceType: "deployment", idFrom: "id" },
  "deployments.destroy": { action: "deployment.destroy", resourceType: "deployment", idFrom: "id" },
  "deployments.reapply": { action: "deployment.reapply", resourceType: "deployment", idFrom: "id" },
  "deployments.checkDrift": { action: "deployment.check-drift", resourceType: "deployment", idFrom: "id" },
  "deployments.exportLogs": { action: "deployment.export-logs", resourceType: "deployment", idFrom: "id" },
  "identity.setRole": { action: "identity.setRole", resourceType: "user", idFrom: "userId" },
  "identity.setMemberships": { action: "user.set-memberships", resourceType: "user", idFrom: "userId" },
  "identity.deactivate": { action: "user.deactivate", resourceType: "user", idFrom: "userId" },
  "identity.reactivate": { action: "user.reactivate", resourceType: "user", idFrom: "userId" },
  "identity.createTeam": { action: "team.create", resourceType: "team" },
  "identity.renameTeam": { action: "team.rename", resourceType: "team", idFrom: "teamId" },
  "identity.archiveTeam": { action: "team.archive", resourceType: "team", idFrom: "teamId" },
  "identity.restoreTeam": { action: "team.restore", resourceType: "team", idFrom: "teamId" },
  "identity.invite": { action: "invitation.create", resourceType: "invitation" },
  "identity.revokeInvitation": { action: "invitation.revoke", resourceType: "invitation", idFrom: "id" },
  // Never the token as an id: the link is the credential. (Refused before sign-in, it is not audited at all.)
  "identity.acceptInvitation": { action: "invitation.accept", resourceType: "invitation" },
  "links.request": { action: "link.request", resourceType: "app", idFrom: "fromAppId" },
  "links.approve": { action: "link.approve", resourceType: "link", idFrom: "id" },
  "links.reject": { action: "link.reject", resourceType: "link", idFrom: "id" },
  "links.revoke": { action: "link.revoke", resourceType: "link", idFrom: "id" },
  "overrides.request": { action: "break-glass.request", resourceType: "audit-event", idFrom: "refusal" },
  "overrides.approve": { action: "break-glass.approve", resourceType: "break-glass-override", idFrom: "id" },
  "overrides.reject": { action: "break-glass.reject", resourceType: "break-glass-override", idFrom: "id" },
  "policy.setPlatform": { action: "policy.platform.update", resourceType: "policy" },
  "policy.setTeamOverride": { action: "policy.team.update", resourceType: "team", idFrom: "teamId" },
  "policy.allowPlainEnv": { action: "policy.plain-env.allow", resourceType: "team", idFrom: "teamId" },
  "policy.revokePlainEnv": { action: "policy.plain-env.revoke", resourceType: "team", idFrom: "teamId" },
  "secrets.set": { action: "secret.set", resourceType: "app", idFrom: "appId" },
  "secrets.delete": { action: "secret.delete", resourceType: "app", idFrom: "appId" },
  "targets.create": { action: "target.create", resourceType: "target" },
  "targets.update": { action: "target.update", resourceType: "target", idFrom: "id" },
  "targets.rotateCredentials": { action: "target.rotate-credentials", resourceType: "target", idFrom: "id" },
  "targets.testConnection": { action: "target.test-connection", resourceType: "target", idFrom: "id" },
  "targets.disable": { action: "target.disable", resourceType: "target", idFrom: "id" },
  "targets.enable": { action: "target.enable", resourceType: "target", idFrom: "id" },
  "targets.delete": { action: "target.delete", resourceType: "target", idFrom: "id" },
  "tokens.create": { action: "token.create", resourceType: "token" },
  "tokens.createForTeam": { action: "token.create", resourceType: "team", idFrom: "teamId" },
  "tokens.revoke": { action: "token.revoke", resourceType: "token", idFrom: "id" },
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
