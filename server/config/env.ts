import { z } from "zod";

// Every environment variable the server reads, validated here and nowhere else: a module asks for one setting
// (`setting(name)`) or for all of them (`serverEnv()`), read on every call so a value set later (the launcher,
// a test) is seen. The launcher (scripts/start.ts) fills in DATABASE_URL, BULKHEAD_AUTH_SECRET and the other
// shared keys for the embedded default before the server loads. A value that does not parse is refused with
// the variable's name (never its value: several are secrets).
const seconds = (name: string) => z.coerce.number({ error: `${name} must be a number of seconds` }).positive(`${name} must be a positive number of seconds`);
const flag = (name: string) => z.enum(["0", "1"], { error: `${name} must be 0 or 1` });

const settings = {
  DATABASE_URL: z.string({ error: "DATABASE_URL is not set: start Bulkhead with `npm start`, which provides it" }).min(1, "DATABASE_URL is required"),
  /** With DATABASE_URL: the app's own login (role bulkhead_app); alone: this process is another replica. */
  BULKHEAD_APP_DATABASE_URL: z.string().optional(),
  /** Set by the launcher (server/runtime/database.ts), not by operators: the migration readiness checks for. */
  BULKHEAD_EXPECTED_MIGRATION: z.string().optional(),
  BULKHEAD_AUTH_SECRET: z.string({ error: "BULKHEAD_AUTH_SECRET is not set: start Bulkhead with `npm start`, which provides it" }).min(32, "BULKHEAD_AUTH_SECRET must be at least 32 characters"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  BULKHEAD_PUBLIC_URL: z.string().url("BULKHEAD_PUBLIC_URL must be a URL like https://bulkhead.example.com").optional(),
  BULKHEAD_SANDBOX: flag("BULKHEAD_SANDBOX").default("0"),
  /** The sandbox's container registry listens on 127.0.0.1 here; unset: the port after PORT. */
  BULKHEAD_SANDBOX_REGISTRY_PORT: z.coerce.number().int().min(1, "BULKHEAD_SANDBOX_REGISTRY_PORT must be a port, 1 to 65535").max(65535, "BULKHEAD_SANDBOX_REGISTRY_PORT must be a port, 1 to 65535").optional(),
  /** Embedded Postgres, generated keys and the sandbox clouds' state; unset: ./.data (see secret-file.ts). */
  BULKHEAD_DATA_DIR: z.string().optional(),
  /** "0": a web-only replica, no job workers in this process. */
  BULKHEAD_WORKERS: flag("BULKHEAD_WORKERS").default("1"),
  /** "1" behind a load balancer that sets X-Forwarded-For; otherwise the socket address is recorded. */
  BULKHEAD_TRUST_PROXY: flag("BULKHEAD_TRUST_PROXY").default("0"),
  BULKHEAD_LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"], { error: "BULKHEAD_LOG_LEVEL must be one of debug, info, warn, error" }).default("info"),
  /** Bearer token for GET /api/metrics; unset (or empty): metrics off. */
  BULKHEAD_METRICS_TOKEN: z.string().optional(),
  /** On SIGTERM: how long requests in flight are answered and jobs in hand finish. */
  BULKHEAD_SHUTDOWN_SECONDS: seconds("BULKHEAD_SHUTDOWN_SECONDS").default(20),
  /** Jobs (pg-boss): the longest one step may run, a lost heartbeat (pg-boss takes at least 10), how often lost jobs are looked for. */
  BULKHEAD_JOB_LEASE_SECONDS: seconds("BULKHEAD_JOB_LEASE_SECONDS").default(60),
  BULKHEAD_JOB_HEARTBEAT_SECONDS: seconds("BULKHEAD_JOB_HEARTBEAT_SECONDS").default(10),
  BULKHEAD_JOB_MAINTENANCE_SECONDS: seconds("BULKHEAD_JOB_MAINTENANCE_SECONDS").default(1),
  /** A deployment not running after this long is marked failed. */
  BULKHEAD_READY_TIMEOUT_SECONDS: seconds("BULKHEAD_READY_TIMEOUT_SECONDS").default(600),
  /** Postgres cancels a longer statement of the app; waiting for a pooled connection longer answers 503. */
  BULKHEAD_DB_STATEMENT_TIMEOUT_SECONDS: seconds("BULKHEAD_DB_STATEMENT_TIMEOUT_SECONDS").default(10),
  BULKHEAD_DB_POOL_TIMEOUT_SECONDS: seconds("BULKHEAD_DB_POOL_TIMEOUT_SECONDS").default(5),
  /** The shared keys (see README, "Configuration"); their formats are checked where they are used. */
  BULKHEAD_CREDENTIALS_KEY: z.string().optional(),
  BULKHEAD_SECRETS_KEY: z.string().optional(),
  /** Comma-separated installation keys BULKHEAD_SECRETS_KEY replaced. */
  BULKHEAD_SECRETS_RETIRED_KEYS: z.string().default(""),
  /** Ed25519 private key (PKCS#8 PEM); unset: the sandbox's key file in the data folder. */
  BULKHEAD_AUDIT_SIGNING_KEY: z.string().optional(),
  /** Names the installation (its checkpoints' origin); unset or blank: BULKHEAD_PUBLIC_URL's host, else localhost. */
  BULKHEAD_INSTALLATION: z.string().optional(),
  BULKHEAD_AUDIT_CHECKPOINT_SECONDS: seconds("BULKHEAD_AUDIT_CHECKPOINT_SECONDS").default(60),
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
};

const schema = z.object(settings);

export type ServerEnv = z.infer<typeof schema>;
export type SettingName = keyof typeof settings;
type Environment = Readonly<Record<string, string | undefined>>;

const problemsOf = (error: z.ZodError, name?: string) =>
  error.issues.map((issue) => `${[name, ...issue.path].filter((part) => part !== undefined).join(".")}: ${issue.message}`).join("; ");

/** Every setting at once; throws naming each variable that does not parse. */
export function serverEnv(env: Environment = process.env): ServerEnv {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new Error(`Invalid configuration: ${problemsOf(parsed.error)}`);
  return parsed.data;
}

/** One setting, its default applied; throws naming the variable when its value does not parse. Checks no other. */
export function setting<N extends SettingName>(name: N, env: Environment = process.env): ServerEnv[N] {
  const parsed = settings[name].safeParse(env[name]);
  if (!parsed.success) throw new Error(`Invalid configuration: ${problemsOf(parsed.error, name)}`);
  return parsed.data as ServerEnv[N];
}

/**
 * The raw environment, for the groups of settings whose rules span several variables and are checked by their
 * own module (single sign-on: identity/oidc-config.ts; the audit witnesses: audit/witness-config.ts), which take
 * it as a parameter so tests and the verifier scripts can pass their own.
 */
export function environment(): Environment {
  return process.env;
}

export function publicUrl(env: ServerEnv): string {
  return env.BULKHEAD_PUBLIC_URL ?? `http://localhost:${env.PORT}`;
}
