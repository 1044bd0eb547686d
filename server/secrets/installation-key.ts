import { createHash } from "node:crypto";
import { keyFromBase64 } from "@/server/crypto/aead";
import { setting } from "@/server/config/env";

// The installation key wraps every secret's data key. BULKHEAD_SECRETS_KEY is the current one (32 bytes, base64);
// BULKHEAD_SECRETS_RETIRED_KEYS (comma-separated) lists keys it replaced, which still unwrap until
// `npm run secrets:rewrap` has moved every data key under the current key. The launcher generates the current key
// into the data folder in the sandbox only; elsewhere it must come from the environment, the same on every replica.

export interface InstallationKey {
  /** Names the key in each sealed version without revealing it: a prefix of its SHA-256. */
  id: string;
  key: Buffer;
}

const withId = (key: Buffer): InstallationKey => ({ id: `k${createHash("sha256").update(key).digest("hex").slice(0, 16)}`, key });

export function currentKey(): InstallationKey {
  const base64 = setting("BULKHEAD_SECRETS_KEY");
  if (!base64) throw new Error("BULKHEAD_SECRETS_KEY is not set: start Bulkhead with `npm start`, which provides it");
  return withId(keyFromBase64(base64, "BULKHEAD_SECRETS_KEY"));
}

function retiredKeys(): InstallationKey[] {
  const list = setting("BULKHEAD_SECRETS_RETIRED_KEYS");
  return list
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => withId(keyFromBase64(entry, "each of BULKHEAD_SECRETS_RETIRED_KEYS")));
}

export function keyById(id: string): InstallationKey {
  const key = [currentKey(), ...retiredKeys()].find((candidate) => candidate.id === id);
  if (!key) throw new Error(`A secret is sealed under installation key ${id}, which is neither BULKHEAD_SECRETS_KEY nor in BULKHEAD_SECRETS_RETIRED_KEYS`);
  return key;
}
