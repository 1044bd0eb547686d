import { recordAudit } from "@/server/audit/record";
import { serverEnv } from "@/server/config/env";
import { db } from "@/server/db/client";
import type { Role } from "@/server/db/generated/enums";
import type { Actor, RequestMeta } from "./actor";

// Account lockout: too many failed password sign-ins for one email address within a short window lock it
// for a while, whatever the password of later attempts. Counted per address as typed, so unknown
// addresses behave exactly like real ones and a lock reveals nothing about which accounts exist.

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

/** When the address is locked at `now`, until when; null otherwise. A refused attempt is audited. */
export async function lockedUntil(email: string, meta: RequestMeta, now = new Date()): Promise<Date | null> {
  const row = await db().signInThrottle.findUnique({ where: { email }, select: { lockedUntil: true } });
  if (!row?.lockedUntil || row.lockedUntil <= now) return null;
  await recordAudit(db(), { actor: await accountActor(email), meta }, { ...signInEvent(email), outcome: "denied", reason: "account locked after too many failed sign-ins" });
  return row.lockedUntil;
}

/**
 * Counts one failed sign-in and audits it; locks the address (and audits the lock) when this failure is the
 * threshold-th inside the window. The row is locked FOR UPDATE, so concurrent failures are all counted.
 * Returns the new lock's end, or null when this failure did not lock.
 */
export async function recordFailedSignIn(email: string, meta: RequestMeta, now = new Date()): Promise<Date | null> {
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
    await tx.$executeRaw`INSERT INTO "SignInThrottle" ("email", "recentFailures", "updatedAt") VALUES (${email}, '{}', CURRENT_TIMESTAMP) ON CONFLICT ("email") DO NOTHING`;
    // Held until commit: a concurrent failure for the same address waits here and then reads our count.
    await tx.$queryRaw`SELECT 1 FROM "SignInThrottle" WHERE "email" = ${email} FOR UPDATE`;
    const row = await tx.signInThrottle.findUniqueOrThrow({ where: { email } });
    const recent = [...row.recentFailures.filter((at) => at.getTime() > now.getTime() - windowMs), now];
    const lock = recent.length >= threshold ? new Date(now.getTime() + lockMs) : null;
    await tx.signInThrottle.update({ where: { email }, data: { recentFailures: lock ? [] : recent, lockedUntil: lock ?? row.lockedUntil, updatedAt: now } });
    await recordAudit(tx, { actor, meta }, { ...signInEvent(email), outcome: "denied", reason: actor ? "wrong password" : "unknown account" });
    if (lock) {
      await recordAudit(tx, { actor, meta }, {
        action: "auth.lockout",
        outcome: "ok",
        resourceType: "account",
        resourceId: email,
        after: { lockedUntil: lock, failures: recent.length, windowSeconds: windowMs / 1000 },
        reason: `${recent.length} failed sign-ins within ${windowMs / 1000} s`,
      });
    }
    return lock;
  });
}

/** A successful sign-in clears the failure count and is audited. */
export async function recordSignIn(email: string, meta: RequestMeta): Promise<void> {
  const actor = await accountActor(email);
  await db().$transaction(async (tx) => {
    await tx.signInThrottle.deleteMany({ where: { email } });
    await recordAudit(tx, { actor, meta }, { ...signInEvent(email), outcome: "ok" });
  });
}
