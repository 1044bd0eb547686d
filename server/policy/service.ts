import { db, type Tx } from "@/server/db/client";
import type { Prisma } from "@/server/db/generated/client";
import { recordAudit } from "@/server/audit/record";
import { NotFoundError, PolicyViolationError } from "@/server/errors";
import type { Caller } from "@/server/identity/actor";
import { PLATFORM_POLICY } from "./platform";
import { encryptionOverride, platformPolicy, type EncryptionOverride, type PlatformPolicy, type SetTeamOverrideInput } from "./schemas";
import { overrideProblems } from "./tighten";

// Where the policies live: the platform's (one row; the built-in default until an operator saves one) and
// each team's encryption override. Every change is audited with before and after; a loosening override is
// refused as a policy violation, itself audited as denied.

const PLATFORM_ID = "platform";
const json = (value: unknown) => value as Prisma.InputJsonValue;

export async function platformPolicyOf(tx: Tx): Promise<PlatformPolicy> {
  const row = await tx.platformPolicy.findUnique({ where: { id: PLATFORM_ID } });
  return row ? platformPolicy.parse(row.policy) : PLATFORM_POLICY;
}

export async function teamOverrideOf(tx: Tx, teamId: string): Promise<EncryptionOverride | undefined> {
  const row = await tx.teamPolicy.findUnique({ where: { teamId } });
  return row ? encryptionOverride.parse(row.encryption) : undefined;
}

/** The platform policy, every team and its override if any, for the operators' policy page. */
export async function readPolicies() {
  const [platform, teams] = await Promise.all([
    platformPolicyOf(db()),
    db().team.findMany({ select: { id: true, name: true, policy: { select: { encryption: true, updatedAt: true } } }, orderBy: { name: "asc" } }),
  ]);
  return { platform, teams: teams.map(({ policy, ...team }) => ({ ...team, override: policy ? encryptionOverride.parse(policy.encryption) : null, overrideUpdatedAt: policy?.updatedAt ?? null })) };
}

export async function setPlatformPolicy(caller: Caller, policy: PlatformPolicy): Promise<PlatformPolicy> {
  return db().$transaction(async (tx) => {
    const before = await platformPolicyOf(tx);
    const data = { policy: json(policy), updatedById: caller.actor.userId };
    await tx.platformPolicy.upsert({ where: { id: PLATFORM_ID }, create: { id: PLATFORM_ID, ...data }, update: data });
    await recordAudit(tx, caller, { action: "policy.platform.update", outcome: "ok", resourceType: "policy", resourceId: PLATFORM_ID, before, after: policy });
    return policy;
  });
}

/** What makes a team override unacceptable (it loosens the platform's policy), setting by setting; the team must exist. */
export async function teamOverrideProblems(tx: Tx, input: SetTeamOverrideInput): Promise<{ field: string; message: string }[]> {
  if (!(await tx.team.findUnique({ where: { id: input.teamId }, select: { id: true } }))) throw new NotFoundError("Team");
  const platform = await platformPolicyOf(tx);
  return overrideProblems(platform.encryption, input.encryption);
}

export async function setTeamOverride(caller: Caller, input: SetTeamOverrideInput): Promise<EncryptionOverride> {
  return db().$transaction(async (tx) => {
    const problems = await teamOverrideProblems(tx, input);
    const attempt = { action: "policy.team.update", resourceType: "policy", resourceId: `team:${input.teamId}`, teamId: input.teamId };
    if (problems.length) {
      throw new PolicyViolationError({ ...attempt, after: input.encryption }, problems.map((p) => ({ field: `encryption.${p.field}`, message: p.message })));
    }
    const before = (await teamOverrideOf(tx, input.teamId)) ?? null;
    const data = { encryption: json(input.encryption), updatedById: caller.actor.userId };
    await tx.teamPolicy.upsert({ where: { teamId: input.teamId }, create: { teamId: input.teamId, ...data }, update: data });
    await recordAudit(tx, caller, { ...attempt, outcome: "ok", before, after: input.encryption });
    return input.encryption;
  });
}
