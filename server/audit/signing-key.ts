// The Ed25519 key that signs audit checkpoints: BULKHEAD_AUDIT_SIGNING_KEY (PKCS#8 PEM, identical on every
// replica) in production, else a key generated on first use into BULKHEAD_DATA_DIR for the embedded default.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { access } from "node:fs/promises";
import path from "node:path";
import { dataDir, secretFromFile } from "@/server/config/secret-file";
import { setting } from "@/server/config/env";

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  /** Hex SHA-256 of the public key's SPKI DER: names the key in each checkpoint. */
  fingerprint: string;
}

/** The generated key of the embedded default, kept in the data folder. */
function pemFromDataDir(): Promise<string> {
  return secretFromFile(dataDir(), "audit-signing-key.pem", () => generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString().trim());
}

export function publicKeyInfo(publicKey: KeyObject): Pick<SigningKey, "publicKey" | "publicKeyPem" | "fingerprint"> {
  const der = publicKey.export({ type: "spki", format: "der" });
  return { publicKey, publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(), fingerprint: createHash("sha256").update(der).digest("hex") };
}

let loading: Promise<SigningKey> | undefined;

/** Loaded once per process; a failed load is retried on the next call. */
export function signingKey(): Promise<SigningKey> {
  loading ??= (async () => {
    const privateKey = createPrivateKey(setting("BULKHEAD_AUDIT_SIGNING_KEY") ?? (await pemFromDataDir()));
    if (privateKey.asymmetricKeyType !== "ed25519") throw new Error("BULKHEAD_AUDIT_SIGNING_KEY must be an Ed25519 private key in PKCS#8 PEM");
    return { privateKey, ...publicKeyInfo(createPublicKey(privateKey)) };
  })().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/** The configured key, or the data folder's if one was generated there already; null when neither exists. For a
 * verifier run that must not generate a key of its own. */
export async function configuredSigningKey(): Promise<SigningKey | null> {
  if (setting("BULKHEAD_AUDIT_SIGNING_KEY")) return signingKey();
  const exists = await access(path.join(dataDir(), "audit-signing-key.pem")).then(
    () => true,
    () => false,
  );
  return exists ? signingKey() : null;
}
