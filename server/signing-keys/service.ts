import { createPublicKey, type KeyObject } from "node:crypto";
import { recordAudit } from "@/server/audit/record";
import { db } from "@/server/db/client";
import { isUniqueViolation } from "@/server/db/unique-violation";
import { ConflictError, NotFoundError } from "@/server/errors";
import type { Caller } from "@/server/identity/actor";
import { canReadTeam, readableTeamIds, requireTeam } from "@/server/identity/permissions";
import { parsePublicKey } from "./public-key";
import type { AddSigningKeyInput } from "./schemas";

// The keys whose image signatures Bulkhead trusts: platform-wide, or for one team's images. Operators curate them
// (the router's curateSigningKeys); every change is audited with the key's fingerprint. Public keys are not secrets:
// anyone who reads a team sees the keys its images are verified against.

const select = { id: true, teamId: true, name: true, publicKey: true, fingerprint: true, createdAt: true, team: { select: { name: true } } } as const;
type Row = { teamId: string | null; team: { name: string } | null };

const scopeOf = (row: Row) => row.team?.name ?? "Platform";
const viewOf = <T extends Row>({ team, ...row }: T) => ({ ...row, scope: scopeOf({ teamId: row.teamId, team }) });
/** Platform-wide keys first, then by team and name. */
const byScope = (a: Row & { name: string }, b: Row & { name: string }) => Number(a.teamId !== null) - Number(b.teamId !== null) || scopeOf(a).localeCompare(scopeOf(b)) || a.name.localeCompare(b.name);

/** The platform's keys and the caller's teams' keys (every team's, for the platform roles), platform first. */
export async function listSigningKeys(caller: Caller, teamId?: string) {
  if (teamId) requireTeam(caller.actor, teamId, canReadTeam, { action: "signing-key.list", resourceType: "team", resourceId: teamId, reason: "team the actor may not read" }, "Team");
  const readable = teamId ? [teamId] : readableTeamIds(caller.actor);
  const rows = await db().signingKey.findMany({
    where: readable ? { OR: [{ teamId: null }, { teamId: { in: readable } }] } : {},
    select,
  });
  return rows.sort(byScope).map(viewOf);
}

export async function addSigningKey(caller: Caller, input: AddSigningKeyInput) {
  const parsed = parsePublicKey(input.publicKey);
  if (input.teamId && !(await db().team.findUnique({ where: { id: input.teamId }, select: { id: true } }))) throw new NotFoundError("Team");
  return db()
    .$transaction(async (tx) => {
      const row = await tx.signingKey.create({ data: { teamId: input.teamId, name: input.name, publicKey: parsed.pem, fingerprint: parsed.fingerprint, createdById: caller.actor?.userId ?? null }, select });
      const view = viewOf(row);
      const after = { id: view.id, name: view.name, scope: view.scope, fingerprint: view.fingerprint };
      await recordAudit(tx, caller, { action: "signing-key.add", outcome: "ok", resourceType: "signing-key", resourceId: row.id, teamId: row.teamId ?? undefined, after });
      return view;
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) throw new ConflictError(`This key is already trusted ${input.teamId ? "for that team" : "platform-wide"}`, "publicKey");
      throw error;
    });
}

export async function removeSigningKey(caller: Caller, id: string): Promise<{ id: string; name: string }> {
  return db().$transaction(async (tx) => {
    const row = await tx.signingKey.findUnique({ where: { id }, select });
    if (!row) throw new NotFoundError("Signing key");
    await tx.signingKey.delete({ where: { id } });
    const before = { id, name: row.name, scope: scopeOf(row), fingerprint: row.fingerprint };
    await recordAudit(tx, caller, { action: "signing-key.remove", outcome: "ok", resourceType: "signing-key", resourceId: id, teamId: row.teamId ?? undefined, before });
    return { id, name: row.name };
  });
}

export interface TrustedSigningKey {
  id: string;
  name: string;
  scope: string;
  fingerprint: string;
  publicKey: KeyObject;
}

/** The keys a team's images are verified against: the platform's and the team's own. */
export async function trustedSigningKeys(teamId: string): Promise<TrustedSigningKey[]> {
  const rows = await db().signingKey.findMany({ where: { OR: [{ teamId: null }, { teamId }] }, select });
  return rows.sort(byScope).map((row) => ({ id: row.id, name: row.name, scope: scopeOf(row), fingerprint: row.fingerprint, publicKey: createPublicKey(row.publicKey) }));
}
