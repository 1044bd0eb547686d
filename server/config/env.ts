import { z } from "zod";

// Every environment variable the server reads, validated once. The launcher (scripts/start.ts)
// fills in DATABASE_URL and BULKHEAD_AUTH_SECRET for the embedded default before the server loads.
const schema = z.object({
  DATABASE_URL: z.string().min(1, "DATABASE_URL is required"),
  BULKHEAD_AUTH_SECRET: z.string().min(32, "BULKHEAD_AUTH_SECRET must be at least 32 characters"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  BULKHEAD_PUBLIC_URL: z.string().url().optional(),
  BULKHEAD_SANDBOX: z.enum(["0", "1"]).default("0"),
  /** Idle lifetime: a session unused this long expires; each use extends it (at most every 15 minutes). */
  BULKHEAD_SESSION_TTL_HOURS: z.coerce.number().positive().max(24 * 30).default(8),
  BULKHEAD_SIGNIN_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  /** Account lockout: this many failed password sign-ins for one email within the window lock it. */
  BULKHEAD_LOCKOUT_THRESHOLD: z.coerce.number().int().min(1).default(10),
  BULKHEAD_LOCKOUT_WINDOW_SECONDS: z.coerce.number().positive().default(60),
  BULKHEAD_LOCKOUT_MINUTES: z.coerce.number().positive().default(15),
  /** How often the reconcile job reads every running deployment back from its cloud. */
  BULKHEAD_DRIFT_INTERVAL_SECONDS: z.coerce.number().int().min(5, "BULKHEAD_DRIFT_INTERVAL_SECONDS: at least 5").default(300),
  /** How long an invitation link works. */
  BULKHEAD_INVITATION_HOURS: z.coerce.number().positive().max(24 * 30).default(72),
  /** smtp://user:password@host:port (or smtps://): invitations are mailed through it; unset, only shown to the admin. */
  BULKHEAD_SMTP_URL: z.string().url("BULKHEAD_SMTP_URL must be a URL like smtp://user:password@mail.example.com:587").optional(),
  BULKHEAD_MAIL_FROM: z.string().min(3).default("Bulkhead <bulkhead@localhost>"),
});

export type ServerEnv = z.infer<typeof schema>;

export function serverEnv(): ServerEnv {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}

export function publicUrl(env: ServerEnv): string {
  return env.BULKHEAD_PUBLIC_URL ?? `http://localhost:${env.PORT}`;
}
