// The caller behind `Authorization: Bearer bh_…`. Read fresh on every request, like a session: a revoked or expired
// token fails at once, and a personal token acts with its owner's current role and teams, so it never exceeds them.
import { recordAudit } from "@/server/audit/record";
import { db } from "@/server/db/client";
import type { Actor, RequestMeta } from "@/server/identity/actor";
import { hashToken, isWellFormedToken } from "./format";

/** The caller, or why the credentials were refused (said to the caller as the 401's reason). */
export type BearerCaller = { actor: Actor; problem: null } | { actor: null; problem: string };

/** Last use is written at most this often per token and address, so a busy CI job does not write a row per call. */
const LAST_USE_EVERY_MS = 60_000;

/** The credentials of an `Authorization` header, or null when it does not use the Bearer scheme. */
export function bearerCredentials(header: string): string | null {
  return /^Bearer +([^\s]+) *$/i.exec(header)?.[1] ?? null;
}

export async function actorFromBearer(header: string, meta: RequestMeta): Promise<BearerCaller> {
  const text = bearerCredentials(header);
  if (!text) return { actor: null, problem: "Send the API token as Authorization: Bearer bh_…" };
  if (!isWellFormedToken(text)) return { actor: null, problem: "This is not a Bulkhead API token (they start with bh_)" };
  const token = await db().apiToken.findUnique({
    where: { hash: hashToken(text) },
    include: { user: { select: { email: true, name: true, role: true, deactivatedAt: true, memberships: { select: { teamId: true } } } }, team: { select: { slug: true } } },
  });
  if (!token) return { actor: null, problem: "Unknown API token" };
  const now = new Date();
  // (A deactivated owner's tokens are revoked with the deactivation; refused here too, should one have been missed.)
  const refusal = token.revokedAt
    ? `API token ${token.id} was revoked`
    : token.expiresAt <= now
      ? `API token ${token.id} expired on ${token.expiresAt.toISOString()}`
      : token.user?.deactivatedAt
        ? `API token ${token.id} belongs to a deactivated person`
        : null;
  if (refusal) {
    // A known token still in use after its end: worth an entry in the trail (it may have leaked).
    await recordAudit(db(), { actor: null, meta }, { action: "token.use", outcome: "denied", resourceType: "api-token", resourceId: token.id, teamId: token.teamId, reason: refusal });
    return { actor: null, problem: refusal };
  }
  const stale = !token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > LAST_USE_EVERY_MS || token.lastUsedIp !== meta.sourceIp;
  if (stale) await db().apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now, lastUsedIp: meta.sourceIp } });
  const grant = { id: token.id, name: token.name, abilities: token.abilities, appIds: token.appIds.length ? token.appIds : null };
  if (token.user) {
    const { user } = token;
    const teamIds = user.memberships.map((m) => m.teamId).sort();
    return { actor: { userId: token.userId!, email: `${user.email} via token ${token.id}`, name: user.name, role: user.role, teamIds, token: { ...grant, kind: "personal" } }, problem: null };
  }
  // A team's service token: no person acts; it is a developer of its team and nothing more.
  const team = token.team!;
  return { actor: { userId: token.id, email: `team ${team.slug} via token ${token.id}`, name: token.name, role: "developer", teamIds: [token.teamId!], token: { ...grant, kind: "team" } }, problem: null };
}
