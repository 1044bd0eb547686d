// GET /api/deployments/{id}/logs/stream?since=&filter=: the deployment's log lines as server-sent events, followed live
// until the browser goes away. HTTP only: access and logic live in server/deployments. `npm start` answers this path
// before Next.js routing (server/runtime/launcher-routes.ts); this route serves it wherever Next.js itself routes it.
import { followLogsResponse } from "@/server/web/deployment-logs";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return followLogsResponse(request, (await params).id);
}
