// /api/v1/…: the REST API for automation (server/rest/handler.ts). HTTP only; routes, access and logic live there.
import { handleRest } from "@/server/web/rest";

export const dynamic = "force-dynamic";

export { handleRest as GET, handleRest as POST, handleRest as PUT, handleRest as PATCH, handleRest as DELETE };
