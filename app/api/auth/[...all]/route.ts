import { auth } from "@/server/web/auth";
import { refuseCrossOrigin } from "@/server/web/same-origin";

export const dynamic = "force-dynamic";

// Created on first request, not at build time, because it needs the runtime configuration. better-auth
// checks origins itself too (trustedOrigins); the shared rule makes sign-in, sign-out and the rest answer
// exactly like the other API routes.
async function handler(req: Request) {
  const refused = await refuseCrossOrigin(req);
  if (refused) return refused;
  return auth().handler(req);
}

export { handler as GET, handler as POST };
