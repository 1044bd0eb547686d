import { publicUrl, type ServerEnv } from "@/server/config/env";

/** The origins this app is served from: the public URL and the local addresses of its own port. Requests
 * that change state must come from one of them (server/web/same-origin.ts; better-auth's trustedOrigins). */
export function appOrigins(env: ServerEnv): string[] {
  return [...new Set([new URL(publicUrl(env)).origin, `http://localhost:${env.PORT}`, `http://127.0.0.1:${env.PORT}`])];
}
