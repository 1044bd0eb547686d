// The Ed25519 key that signs audit checkpoints: BULKHEAD_AUDIT_SIGNING_KEY (PKCS#8 PEM, identical on every
// replica) in production, else a key generated on first use into BULKHEAD_DATA_DIR for the embedded default.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  /** Hex SHA-256 of the public key's SPKI DER: names the key in each checkpoint. */
  fingerprint: string;
}

/** Where `npm start` keeps data and generated secrets (it runs with the repository as its working folder).
 * turbopackIgnore: a path known only at run time, which the dashboard build must not trace into its bundle. */
export function dataDir(): string {
  return path.resolve(/* turbopackIgnore: true */ process.env.BULKHEAD_DATA_DIR ?? ".data");
}

async function pemFromDataDir(): Promise<string> {
  const file = path.join(dataDir(), "audit-signing-key.pem");
  const existing = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw error;
  });
  if (existing) return existing;
  await mkdir(dataDir(), { recursive: true });
  const pem = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  // "wx": another process may have made the key in the meantime; theirs wins and is read back.
  await writeFile(file, pem, { mode: 0o600, flag: "wx" }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EEXIST") throw error;
  });
  return readFile(file, "utf8");
}

export function publicKeyInfo(publicKey: KeyObject): Pick<SigningKey, "publicKey" | "publicKeyPem" | "fingerprint"> {
  const der = publicKey.export({ type: "spki", format: "der" });
  return { publicKey, publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(), fingerprint: createHash("sha256").update(der).digest("hex") };
}

let loading: Promise<SigningKey> | undefined;

/** Loaded once per process; a failed load is retried on the next call. */
export function signingKey(): Promise<SigningKey> {
  loading ??= (async () => {
    const privateKey = createPrivateKey(process.env.BULKHEAD_AUDIT_SIGNING_KEY ?? (await pemFromDataDir()));
    if (privateKey.asymmetricKeyType !== "ed25519") throw new Error("BULKHEAD_AUDIT_SIGNING_KEY must be an Ed25519 private key in PKCS#8 PEM");
    return { privateKey, ...publicKeyInfo(createPublicKey(privateKey)) };
  })().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
