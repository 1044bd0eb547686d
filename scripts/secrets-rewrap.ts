// `npm run secrets:rewrap`: after rotating the installation key (the new one in BULKHEAD_SECRETS_KEY, the old ones in
// BULKHEAD_SECRETS_RETIRED_KEYS), wraps every secret's data key anew under the new key. Safe to stop and run again.
// Once it reports nothing left to do, the retired keys can be dropped. Reads DATABASE_URL, else the embedded Postgres
// of BULKHEAD_DATA_DIR (stop Bulkhead first; in the sandbox the key comes from BULKHEAD_DATA_DIR/secrets-key).
import "./lib/supported-node";
import { openDatabase } from "./lib/database";

async function main() {
  if (!process.env.BULKHEAD_SECRETS_KEY) {
    const { dataDir, secretFromFile } = await import("@/server/config/secret-file");
    const { existsSync } = await import("node:fs");
    const path = await import("node:path");
    if (!existsSync(path.join(dataDir(), "secrets-key"))) throw new Error("BULKHEAD_SECRETS_KEY is not set and the data folder has no secrets-key");
    process.env.BULKHEAD_SECRETS_KEY = await secretFromFile(dataDir(), "secrets-key");
  }
  const close = await openDatabase();
  try {
    const { rewrapAll } = await import("@/server/secrets/rewrap");
    const result = await rewrapAll((done, total) => console.log(`re-wrapped ${done} of ${total} secret versions`));
    console.log(result.rewrapped ? `done: ${result.rewrapped} secret version(s) now sealed under installation key ${result.keyId}` : `nothing to do: every secret version is sealed under installation key ${result.keyId}`);
  } finally {
    await close();
  }
}

main().catch((error: unknown) => {
  console.error(`secrets:rewrap: ${error instanceof Error ? error.message : error}`);
  process.exit(2);
});
