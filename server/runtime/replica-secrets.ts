import { randomBytes } from "node:crypto";
import { secretFromFile } from "@/server/config/secret-file";

// The keys every replica must share: sessions signed with one auth secret, credentials sealed with one key, app
// secrets wrapped under one installation key, checkpoints signed with one audit key. The sandbox generates them into its data folder (one machine, one
// folder); anywhere else they come from the environment, set identically on every replica, because a key
// generated per replica would sign people out, fail to unseal credentials and split the trail's signatures
// as soon as a second replica runs.

export const SHARED_KEYS = {
  BULKHEAD_AUTH_SECRET: "openssl rand -base64 32",
  BULKHEAD_CREDENTIALS_KEY: "openssl rand -base64 32",
  BULKHEAD_SECRETS_KEY: "openssl rand -base64 32",
  BULKHEAD_AUDIT_SIGNING_KEY: "openssl genpkey -algorithm ed25519",
} as const;

export class MissingKeysError extends Error {}

/** Fills the shared keys in process.env: from the environment, or (sandbox only) from files in the data folder. */
export async function resolveSharedKeys(options: { sandbox: boolean; dataDir: string; env?: Record<string, string | undefined> }): Promise<void> {
  const env = options.env ?? process.env;
  const missing = (Object.keys(SHARED_KEYS) as (keyof typeof SHARED_KEYS)[]).filter((name) => !env[name]);
  if (!options.sandbox && missing.length) {
    throw new MissingKeysError(
      `BULKHEAD_SANDBOX=0: ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not set. Outside the sandbox Bulkhead does not generate ` +
        "keys for itself: every replica must use the same ones, from the environment. Make them once and give them to every replica: " +
        missing.map((name) => `${name}=$(${SHARED_KEYS[name]})`).join(" "),
    );
  }
  env.BULKHEAD_AUTH_SECRET ??= await secretFromFile(options.dataDir, "auth-secret");
  env.BULKHEAD_CREDENTIALS_KEY ??= await secretFromFile(options.dataDir, "credentials-key", () => randomBytes(32).toString("base64"));
  env.BULKHEAD_SECRETS_KEY ??= await secretFromFile(options.dataDir, "secrets-key", () => randomBytes(32).toString("base64"));
  // The audit signing key of the sandbox is made on first use by server/audit/signing-key.ts, in the same folder.
  // So is a metrics token: the sandbox's metrics are on, read with the token in BULKHEAD_DATA_DIR/metrics-token.
  if (options.sandbox) env.BULKHEAD_METRICS_TOKEN ??= await secretFromFile(options.dataDir, "metrics-token");
}
