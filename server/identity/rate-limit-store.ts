import { createHash } from "node:crypto";
import type { BetterAuthOptions } from "better-auth";
import { db } from "@/server/db/client";

// better-auth's rate limits (per client address and path: sign-in, single sign-on, the rest of /api/auth) kept
// in Postgres, so every replica counts against the same limit, as a true sliding window: at most `max` requests
// admitted in ANY `window` seconds. better-auth's own stores count per process, and its window restarts only
// after a pause, so a person signing in four times a minute was refused after 20 sign-ins in 8 minutes.

export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until a request would be admitted again; null when admitted. */
  retryAfter: number | null;
}

/** Counts one request against `key` (admitted or not, in one atomic step: the rate_limit_consume migration). */
export async function consumeRate(key: string, rule: { window: number; max: number }, now?: Date): Promise<RateDecision> {
  const hashed = createHash("sha256").update(key).digest("hex");
  const windowMs = Math.round(rule.window * 1000);
  const [row] = now
    ? await db().$queryRaw<{ allowed: boolean; retryAfterMs: bigint | null }[]>`SELECT * FROM "rate_limit_consume"(${hashed}, ${windowMs}::int, ${rule.max}::int, ${now}::timestamptz)`
    : await db().$queryRaw<{ allowed: boolean; retryAfterMs: bigint | null }[]>`SELECT * FROM "rate_limit_consume"(${hashed}, ${windowMs}::int, ${rule.max}::int)`;
  return { allowed: row.allowed, retryAfter: row.retryAfterMs === null ? null : Math.max(1, Math.ceil(Number(row.retryAfterMs) / 1000)) };
}

type RateLimitStorage = NonNullable<NonNullable<BetterAuthOptions["rateLimit"]>["customStorage"]>;

export const postgresRateLimitStore: RateLimitStorage = { consume: (key, rule) => consumeRate(key, rule) };
