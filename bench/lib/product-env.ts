import { generateKeyPairSync, randomBytes } from "node:crypto";
import { disconnectDb } from "@/server/db/client";

const SET = ["DATABASE_URL", "BULKHEAD_AUTH_SECRET", "BULKHEAD_CREDENTIALS_KEY", "BULKHEAD_SECRETS_KEY", "BULKHEAD_AUDIT_SIGNING_KEY"] as const;

/**
 * Points this process's product code (server/db/client.ts and the services) at `databaseUrl`, with
 * throwaway secrets like the integration tests use, so nothing is written into the project's data folder.
 * Any pool an earlier benchmark left open is closed first; the returned function closes this one and
 * puts the environment back.
 */
export async function useProductDatabase(databaseUrl: string): Promise<() => Promise<void>> {
  await disconnectDb();
  const saved = Object.fromEntries(SET.map((name) => [name, process.env[name]]));
  process.env.DATABASE_URL = databaseUrl;
  process.env.BULKHEAD_AUTH_SECRET ??= randomBytes(32).toString("base64url");
  process.env.BULKHEAD_CREDENTIALS_KEY ??= randomBytes(32).toString("base64");
  process.env.BULKHEAD_SECRETS_KEY ??= randomBytes(32).toString("base64");
  process.env.BULKHEAD_AUDIT_SIGNING_KEY ??= generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  return async () => {
    await disconnectDb();
    for (const name of SET) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  };
}
