import { recordAudit } from "@/server/audit/record";
import { serverEnv } from "@/server/config/env";
import { db, type Tx } from "@/server/db/client";
import type { Role } from "@/server/db/generated/enums";
import type { Actor, RequestMeta } from "./actor";

// Account lockout: too many password sign-ins for one email address within a short window lock it for a while,
// whatever the password of later attempts. Counted per address as typed, so unknown addresses behave exactly
// like real ones and a lock reveals nothing about which accounts exist.
//
// An attempt is counted BEFORE its password is checked, in one transaction holding the address's row lock, and
// stays counted as a failure unless it succeeds (a success clears the count). So concurrent guesses cannot slip
// past the count while their hashes are computed: at most `threshold` passwords are ever checked per window,
// however many requests arrive at once, from however many processes.

export interface LockoutSettings {
  threshold: number;
  windowMs: number;
  lockMs: number;
}

export function lockoutSettings(): LockoutSettings {
  const env = serverEnv();
  return { threshold: env.BULKHEAD_LOCKOUT_THRESHOLD, windowMs: env.BULKHEAD_LOCKOUT_WINDOW_SECONDS * 1000, lockMs: env.BULKHEAD_LOCKOUT_MINUTES * 60_000 };
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** "try again in N minutes", rounded up so it never says 0. */
export function lockedMessage(lockedUntil: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 60_000));
  return `Too many failed sign-ins: try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

/** The account behind an address, as an audit actor; null when no such account exists. */
async function accountActor(email: string): Promise<Actor | null> {
  const user = await db().user.findUnique({ where: { email }, select: { id: true, email: true, name: true, role: true, memberships: { select: { teamId: true } } } });
  if (!user) return null;
  return { userId: user.id, email: user.email, name: user.name, role: user.role as Role, teamIds: user.memberships.map((m) => m.teamId) };
}

const signInEvent = (email: string) => ({ action: "auth.sign-in", resourceType: "account", resourceId: email });
const LOCKED_REASON = "account locked after too many failed sign-ins";

/** The address's throttle row, made if missing and locked until the transaction ends. */
async function lockedRow(tx: Tx, email: string) {
  await tx.$executeRaw`INSERT INTO "SignInThrottle" ("email", "recentFailures", "updatedAt") VALUES (${email}, '{}', CURRENT_TIMESTAMP) ON CONFLICT ("email") DO NOTHING`;
  // Held until commit: a concurrent attempt for the same address waits here and then reads our count.
  await tx.$queryRaw`SELECT 1 FROM "SignInThrottle" WHERE "email" = ${email} FOR UPDATE`;
  return tx.signInThrottle.findUniqueOrThrow({ where: { email } });
}

async function lock(tx: Tx, who: { actor: Actor | null; meta: RequestMeta }, email: string, counted: number, now: Date): Promise<Date> {
  const { windowMs, lockMs } = lockoutSettings();
  const until = new Date(now.getTime() + lockMs);
  await tx.signInThrottle.update({ where: { email }, data: { recentFailures: [], lockedUntil: until, updatedAt: now } });
  await recordAudit(tx, who, {
    action: "auth.lockout",
    outcome: "ok",
    resourceType: "account",
    resourceId: email,
    after: { lockedUntil: until, failures: counted, windowSeconds: windowMs / 1000 },
    reason: `${counted} failed sign-ins within ${windowMs / 1000} s`,
  });
  return until;
}

export type Admission = { admitted: true } | { admitted: false; lockedUntil: Date };

/**
 * Decides, before any password is checked, whether this attempt may be checked at all, and counts it. Refused
 * (and audited) while the address is locked; an attempt beyond the threshold locks it (audited) instead of
 * being checked, even while the attempts counted before it are still being checked.
 */
export async function admitSignIn(email: string, meta: RequestMeta, now = new Date()): Promise<Admission> {
  const { threshold, windowMs } = lockoutSettings();
  const actor = await accountActor(email);
  return db().$transaction(async (tx) => {
    const row = await lockedRow(tx, email);
    if (row.lockedUntil && row.lockedUntil > now) {
      await recordAudit(tx, { actor, meta }, { ...signInEvent(email), outcome: "denied", reason: LOCKED_REASON });
      return { admitted: false, lockedUntil: row.lockedUntil };
    }
    const recent = row.recentFailures.filter((at) => at.getTime() > now.getTime() - windowMs);
    if (recent.length >= threshold) {
      await recordAudit(tx, { actor, meta }, { ...signInEvent(email), outcome: "denied", reason: LOCKED_REASON });
      return { admitted: false, lockedUntil: await lock(tx, { actor, meta }, email, recent.length, now) };
    }
    await tx.signInThrottle.update({ where: { email }, data: { recentFailures: [...recent, now], updatedAt: now } });
    return { admitted: true };
  });
}

/**
 * A checked password was wrong (or the address unknown: same answer): audited. The attempt was counted when it
 * was admitted; if the count has reached the threshold and no lock is running yet, this failure locks the
 * address (audited). Returns the new lock's end, or null.
 */
export async function recordWrongPassword(email: string, meta: RequestMeta, now = new Date()): Promise<Date | null> {
  const { threshold, windowMs, lockMs } = lockoutSettings();
  const actor = await accountActor(email);
  const forgetBefore = new Date(now.getTime() - windowMs - lockMs);
  return db().$transaction(async (tx) => {
    // Addresses nobody has tried for longer than a window and a lock count for nothing any more: forget up to
    // 100 of them with each failure, so failures sprayed over many addresses do not pile up rows. SKIP LOCKED:
    // this never waits for, or deadlocks with, a sign-in in progress.
    await tx.$executeRaw`
      DELETE FROM "SignInThrottle" WHERE "email" IN (
        SELECT "email" FROM "SignInThrottle"
        WHERE "updatedAt" < ${forgetBefore} AND ("lockedUntil" IS NULL OR "lockedUntil" <= ${now})
        ORDER BY "updatedAt" LIMIT 100 FOR UPDATE SKIP LOCKED)`;
    const row = await lockedRow(tx, email);
    await recordAudit(tx, { actor, meta }, { ...signInEvent(email), outcome: "denied", reason: actor ? "wrong password" : "unknown account" });
    if (row.lockedUntil && row.lockedUntil > now) return null;
    const recent = row.recentFailures.filter((at) => at.getTime() > now.getTime() - windowMs);
    return recent.length >= threshold ? lock(tx, { actor, meta }, email, recent.length, now) : null;
  });
}

/** A successful sign-in clears the count (a lock set meanwhile by attempts after it included) and is audited. */
export async function recordSignIn(email: string, meta: RequestMeta): Promise<void> {
  const actor = await accountActor(email);
  await db().$transaction(async (tx) => {
    await tx.signInThrottle.deleteMany({ where: { email } });
    await recordAudit(tx, { actor, meta }, { ...signInEvent(email), outcome: "ok" });
  });
}
