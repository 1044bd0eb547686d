import { auth } from "@/server/identity/auth";

export const dynamic = "force-dynamic";

// Created on first request, not at build time, because it needs the runtime configuration.
function handler(req: Request) {
  return auth().handler(req);
}

export { handler as GET, handler as POST };
