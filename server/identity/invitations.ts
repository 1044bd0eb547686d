import { createHash, randomBytes, randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { recordAudit } from "@/server/audit/record";
import { publicUrl, serverEnv } from "@/server/config/env";
import { db } from "@/server/db/client";
import { ConflictError, NotFoundError, TooManyRequestsError } from "@/server/errors";
import { logger } from "@/server/observability/logger";
import type { Actor, Caller, RequestMeta } from "./actor";
import { mailInvitation, type MailResult } from "./invitation-mail";
import { consumeRate } from "./rate-limit-store";
import type { AcceptInvitationInput, InviteInput } from "./schemas";
import { requireActiveTeams } from "./teams";

// An admin invites a person by email, with a role and (for developers) a team. The invitation is a one-time
// link: 32 random bytes shown to the admin once (and mailed when SMTP is configured), of which only the SHA-256
// is stored; it expires (BULKHEAD_INVITATION_HOURS) and works once. The token travels in the link's fragment
// (/invite#<token>), which browsers never send to a server, so it reaches no access log or Referer header.
// Opening the link lets the person choose their password; their account is created with it.

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");
const normalized = (email: string) => email.trim().toLowerCase();

/** Attempts per client address and minute at the public invitation endpoints (shared by every replica). */
const PUBLIC_LIMIT = { window: 60, max: 30 };

async function limitPublic(meta: RequestMeta, what: string): Promise<void> {
  const decision = await consumeRate(`${meta.sourceIp ?? "unknown"}|invitation`, PUBLIC_LIMIT);
  if (!decision.allowed) throw new TooManyRequestsError(`Too many invitation ${what}s from this address: try again in ${decision.retryAfter} s`);
}

export interface IssuedInvitation {
  id: string;
  email: string;
  role: string;
  teamId: string | null;
  expiresAt: Date;
  /** The one-time link; shown to the admin once, never stored. */
  link: string;
  /** null: no SMTP configured; otherwise whether the mail was accepted by the server. */
  mail: MailResult | null;
}

export async function invite(caller: Caller, input: InviteInput): Promise<IssuedInvitation> {
  const email = normalized(input.email);
  const token = randomBytes(32).toString("base64url");
  const hours = serverEnv().BULKHEAD_INVITATION_HOURS;
  const invitation = await db().$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email }, select: { id: true } })) {
      throw new ConflictError(`${email} already has an account: change their role or teams instead`, "email");
    }
    if (input.teamId) await requireActiveTeams(tx, [input.teamId], "teamId");
    // A new invitation replaces any still pending for the address: only the latest link works.
    const { count: replaced } = await tx.invitation.updateMany({ where: { email, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    const created = await tx.invitation.create({
      data: { email, name: input.name, role: input.role, teamId: input.teamId ?? null, tokenHash: hashOf(token), expiresAt: new Date(Date.now() + hours * 3_600_000), createdById: caller.actor.userId },
      select: { id: true, email: true, name: true, role: true, teamId: true, expiresAt: true, team: { select: { name: true } } },
    });
    const { team, ...recorded } = created;
    await recordAudit(tx, caller, { action: "invitation.create", outcome: "ok", resourceType: "invitation", resourceId: created.id, teamId: created.teamId, after: { ...recorded, replaced } });
    return created;
  });
  const link = `${publicUrl(serverEnv())}/invite#${token}`;
  const mail = await mailInvitation({ to: invitation.email, name: invitation.name, role: invitation.role, team: invitation.team?.name ?? null, link, expiresAt: invitation.expiresAt, invitedBy: caller.actor.name });
  if (mail && !mail.sent) logger().warn({ component: "invitations", invitationId: invitation.id, error: mail.error }, "invitation mail not sent");
  return { id: invitation.id, email: invitation.email, role: invitation.role, teamId: invitation.teamId, expiresAt: invitation.expiresAt, link, mail };
}

export async function revokeInvitation(caller: Caller, id: string): Promise<{ id: string }> {
  return db().$transaction(async (tx) => {
    const { count } = await tx.invitation.updateMany({ where: { id, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    if (!count) throw new NotFoundError("Pending invitation");
    await recordAudit(tx, caller, { action: "invitation.revoke", outcome: "ok", resourceType: "invitation", resourceId: id });
    return { id };
  });
}

const UNUSABLE = "This invitation link is not valid: it was used, replaced or revoked, or it has expired. Ask an administrator for a new one";

/** What the invitation page shows before the person chooses a password; the same refusal for every bad link. */
export async function previewInvitation(meta: RequestMeta, token: string) {
  await limitPublic(meta, "look-up");
  const invitation = await db().invitation.findUnique({
    where: { tokenHash: hashOf(token) },
    select: { email: true, name: true, role: true, expiresAt: true, acceptedAt: true, revokedAt: true, team: { select: { name: true } } },
  });
  if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= new Date()) throw new NotFoundError("Invitation", UNUSABLE);
  return { email: invitation.email, name: invitation.name, role: invitation.role, team: invitation.team?.name ?? null, expiresAt: invitation.expiresAt };
}

class Unusable extends Error {}

/**
 * Creates the person's account with the password they chose, joins them to the team, and uses the invitation
 * up: one transaction, so a link works exactly once even when opened twice at the same moment. A refused
 * attempt is audited as denied (never with the token).
 */
export async function acceptInvitation(meta: RequestMeta, input: AcceptInvitationInput): Promise<{ email: string }> {
  await limitPublic(meta, "acceptance");
  const password = await hashPassword(input.password);
  try {
    return await db().$transaction(async (tx) => {
      const [found] = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Invitation" WHERE "tokenHash" = ${hashOf(input.token)} FOR UPDATE`;
      const invitation = found && (await tx.invitation.findUniqueOrThrow({ where: { id: found.id }, include: { team: { select: { archivedAt: true } } } }));
      if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= new Date()) throw new Unusable();
      if (invitation.team?.archivedAt) throw new ConflictError("The team of this invitation has been archived: ask an administrator for a new invitation");
      if (await tx.user.findUnique({ where: { email: invitation.email }, select: { id: true } })) throw new ConflictError(`${invitation.email} already has an account: sign in instead`);
      const id = randomUUID();
      const user = await tx.user.create({ data: { id, email: invitation.email, name: input.name, role: invitation.role, emailVerified: true }, select: { id: true, email: true, name: true, role: true } });
      await tx.account.create({ data: { id: randomUUID(), accountId: id, providerId: "credential", userId: id, password } });
      if (invitation.teamId) await tx.membership.create({ data: { userId: id, teamId: invitation.teamId } });
      await tx.invitation.update({ where: { id: invitation.id }, data: { acceptedAt: new Date(), acceptedUserId: id } });
      const actor: Actor = { userId: user.id, email: user.email, name: user.name, role: user.role, teamIds: invitation.teamId ? [invitation.teamId] : [] };
      await recordAudit(tx, { actor, meta }, {
        action: "invitation.accept",
        outcome: "ok",
        resourceType: "user",
        resourceId: id,
        teamId: invitation.teamId,
        after: { ...user, teamIds: actor.teamIds, invitationId: invitation.id },
      });
      return { email: user.email };
    });
  } catch (error) {
    if (!(error instanceof Unusable)) throw error;
    await recordAudit(db(), { actor: null, meta }, { action: "invitation.accept", outcome: "denied", resourceType: "invitation", reason: "invitation link not valid (unknown, used, revoked or expired)" });
    throw new NotFoundError("Invitation", UNUSABLE);
  }
}
