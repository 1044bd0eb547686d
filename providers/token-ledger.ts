// The tokens a sandbox token service issued, so that the stand-ins for the clouds' APIs (the gateways in front of
// the emulators) can refuse a token that expired or was never issued, as the real APIs do. In memory: the
// token services and the gateways run in one process (providers/sandbox-clouds.ts).
import { randomBytes } from "node:crypto";

export type TokenCheck = { valid: true; subject: string } | { valid: false; reason: "expired" | "unknown" | "audience"; expiredAt?: Date };

interface Issued {
  audiences: string[];
  subject: string;
  expiresAt: number;
}

/** How long an expired token is still recognised as "expired" rather than "unknown". */
const REMEMBER_MS = 60 * 60_000;

export class TokenLedger {
  private readonly issued = new Map<string, Issued>();
  private readonly counts = new Map<string, number>();

  constructor(readonly lifetimeSeconds: number) {}

  /** A fresh opaque token for `subject`, valid for the audiences (resources, scopes) for the ledger's lifetime. */
  issue(audiences: string[], subject: string, prefix = ""): { token: string; expiresAt: Date } {
    this.forgetOld();
    const token = `${prefix}${randomBytes(32).toString("base64url")}`;
    const expiresAt = Date.now() + this.lifetimeSeconds * 1000;
    this.issued.set(token, { audiences, subject, expiresAt });
    this.counts.set(subject, (this.counts.get(subject) ?? 0) + 1);
    return { token, expiresAt: new Date(expiresAt) };
  }

  check(token: string, audience: string, now = Date.now()): TokenCheck {
    const found = this.issued.get(token);
    if (!found) return { valid: false, reason: "unknown" };
    if (!found.audiences.includes(audience)) return { valid: false, reason: "audience" };
    if (found.expiresAt <= now) return { valid: false, reason: "expired", expiredAt: new Date(found.expiresAt) };
    return { valid: true, subject: found.subject };
  }

  /** Tokens issued so far, by subject: tests see renewals happen. */
  issuedCounts(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  private forgetOld(now = Date.now()) {
    for (const [token, entry] of this.issued) if (entry.expiresAt + REMEMBER_MS < now) this.issued.delete(token);
  }
}
