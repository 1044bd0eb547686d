import { answerTrpc } from "@/server/web/trpc-endpoint";

export const dynamic = "force-dynamic";

// `npm start` answers /api/trpc before Next.js routing (server/runtime/launcher-routes.ts); this route serves the
// same endpoint wherever Next.js itself routes the request.
export { answerTrpc as GET, answerTrpc as POST };
