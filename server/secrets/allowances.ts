import { db } from "@/server/db/client";
import { isUniqueViolation } from "@/server/db/unique-violation";
import { recordAudit } from "@/server/audit/record";
import { ConflictError, NotFoundError } from "@/server/errors";
import type { Caller } from "@/server/identity/actor";
import type { AllowPlainEnvInput } from "./schemas";

// Plain variables whose names look like secrets, allowed per team by operators (e.g. a public "STRIPE_PUBLISHABLE_KEY"
// a developer must not be forced to seal). Every grant and withdrawal is audited.

export async function listPlainEnvAllowances() {
  return db().plainEnvAllowance.findMany({
    select: { name: true, reason: true, createdAt: true, team: { select: { id: true, name: true } } },
    orderBy: [{ team: { name: "asc" } }, { name: "asc" }],
  });
}

export async function allowPlainEnv(caller: Caller, input: AllowPlainEnvInput) {
  return db()
    .$transaction(async (tx) => {
      const team = await tx.team.findUnique({ where: { id: input.teamId }, select: { id: true, name: true } });
      if (!team) throw new NotFoundError("Team");
      const row = await tx.plainEnvAllowance.create({ data: { ...input, createdById: caller.actor.userId }, select: { name: true, reason: true, createdAt: true } });
      await recordAudit(tx, caller, { action: "policy.plain-env.allow", outcome: "ok", resourceType: "policy", resourceId: `team:${team.id}`, teamId: team.id, after: { team: team.name, ...row } });
      return row;
    })
    .catch((error) => {
      if (isUniqueViolation(error)) throw new ConflictError(`${input.name} is already allowed for this team`, "name");
      throw error;
    });
}

export async function revokePlainEnv(caller: Caller, input: { teamId: string; name: string }) {
  return db().$transaction(async (tx) => {
    const row = await tx.plainEnvAllowance.findUnique({ where: { teamId_name: input }, select: { name: true, reason: true, team: { select: { name: true } } } });
    if (!row) throw new NotFoundError("Allowance");
    await tx.plainEnvAllowance.delete({ where: { teamId_name: input } });
    await recordAudit(tx, caller, { action: "policy.plain-env.revoke", outcome: "ok", resourceType: "policy", resourceId: `team:${input.teamId}`, teamId: input.teamId, before: { team: row.team.name, name: row.name, reason: row.reason } });
    return { name: row.name };
  });
}
