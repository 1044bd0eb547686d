import { setting } from "@/server/config/env";
/** The key that seals target credentials. The launcher sets it (environment, or a key file in the data dir). */
export function credentialsKey(): string {
  const key = setting("BULKHEAD_CREDENTIALS_KEY");
  if (!key) throw new Error("BULKHEAD_CREDENTIALS_KEY is not set: start Bulkhead with `npm start`, which provides it");
  return key;
}
