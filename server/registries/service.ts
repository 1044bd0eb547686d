import { randomUUID } from "node:crypto";
import type { Credentials } from "@/oci/client/client";
import { db } from "@/server/db/client";
import { recordAudit } from "@/server/audit/record";
import { InvalidInputError, NotFoundError } from "@/server/errors";
import type { Caller } from "@/server/identity/actor";
import { canManageTeamRegistries, canReadTeam, readableTeamIds, requireTeam } from "@/server/identity/permissions";
import { open, seal } from "@/server/targets/credential-box";
import { credentialsKey } from "@/server/targets/credentials-key";
import { loginProblem } from "./login-check";
import type { RegistryCredentialKeyInput, SetRegistryCredentialInput } from "./schemas";

// A team's registry credentials: how Bulkhead pulls the team's images to resolve and judge them. Write-only, like
// target credentials: the password is sealed with the credentials key (the row's id as associated data, so a sealed
// blob copied onto another row does not open), and neither a procedure nor the audit trail ever holds it.

const publicSelect = { id: true, teamId: true, registry: true, username: true, updatedAt: true, team: { select: { name: true } } } as const;

const associated = (id: string) => `registry-credential:${id}`;

/** A password as the row with this id stores it. */
export function sealedRegistryPassword(id: string, password: string): Uint8Array<ArrayBuffer> {
  return seal(password, associated(id), credentialsKey());
}

/** The registries the caller's teams (every team, for the platform roles) have credentials for; never a password. */
export async function listRegistryCredentials(caller: Caller, teamId?: string) {
  if (teamId) requireTeam(caller.actor, teamId, canReadTeam, { action: "registry-credential.list", resourceType: "team", resourceId: teamId, reason: "team the actor may not read" }, "Team");
  const readable = readableTeamIds(caller.actor);
  const rows = await db().registryCredential.findMany({
    where: teamId ? { teamId } : readable ? { teamId: { in: readable } } : {},
    select: publicSelect,
    orderBy: [{ team: { name: "asc" } }, { registry: "asc" }],
  });
  return rows.map(({ team, ...row }) => ({ ...row, team: team.name, canManage: canManageTeamRegistries(caller.actor, row.teamId) }));
}

/** Adds or replaces the team's credentials for a registry, once the registry has let them in. */
export async function setRegistryCredential(caller: Caller, input: SetRegistryCredentialInput) {
  const attempt = { action: "registry-credential.set", resourceType: "team", resourceId: input.teamId, reason: "team the actor may not manage" };
  requireTeam(caller.actor, input.teamId, canManageTeamRegistries, attempt, "Team");
  if (!(await db().team.findUnique({ where: { id: input.teamId }, select: { id: true } }))) throw new NotFoundError("Team");
  // Asked before the transaction: a registry may take seconds to answer, and a transaction must not wait on it.
  const problem = await loginProblem(input.registry, { username: input.username, password: input.password });
  if (problem) throw new InvalidInputError([{ field: "password", message: `The registry did not let these credentials in: ${problem}` }]);
  return db().$transaction(async (tx) => {
    const before = await tx.registryCredential.findUnique({ where: { teamId_registry: { teamId: input.teamId, registry: input.registry } }, select: { id: true, registry: true, username: true } });
    const id = before?.id ?? randomUUID();
    const data = { username: input.username, secret: sealedRegistryPassword(id, input.password), updatedById: caller.actor?.userId ?? null };
    const row = await tx.registryCredential.upsert({ where: { id }, create: { id, teamId: input.teamId, registry: input.registry, ...data }, update: data, select: publicSelect });
    const after = { id, registry: row.registry, username: row.username };
    // The password is never in the trail; the reason says it changed (before and after may otherwise be equal).
    await recordAudit(tx, caller, { ...attempt, reason: before ? "password or token replaced" : "credentials added", outcome: "ok", before, after });
    return { id, teamId: row.teamId, team: row.team.name, registry: row.registry, username: row.username, updatedAt: row.updatedAt, canManage: true };
  });
}

export async function deleteRegistryCredential(caller: Caller, input: RegistryCredentialKeyInput): Promise<{ id: string; registry: string }> {
  const attempt = { action: "registry-credential.delete", resourceType: "team", resourceId: input.teamId, reason: "team the actor may not manage" };
  requireTeam(caller.actor, input.teamId, canManageTeamRegistries, attempt, "Team");
  return db().$transaction(async (tx) => {
    const before = await tx.registryCredential.findUnique({ where: { teamId_registry: input }, select: { id: true, registry: true, username: true } });
    if (!before) throw new NotFoundError("Registry credential");
    await tx.registryCredential.delete({ where: { id: before.id } });
    await recordAudit(tx, caller, { ...attempt, reason: undefined, outcome: "ok", before });
    return { id: before.id, registry: before.registry };
  });
}

/** The team's credentials for one registry, unsealed, for pulling its images (only that row is opened); none: undefined.
 * Server-side only. */
export async function registryCredentialFor(teamId: string, registry: string): Promise<Credentials | undefined> {
  const row = await db().registryCredential.findUnique({ where: { teamId_registry: { teamId, registry } }, select: { id: true, username: true, secret: true } });
  return row ? { username: row.username, password: open(row.secret, associated(row.id), credentialsKey()) } : undefined;
}
