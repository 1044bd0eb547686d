// GET /api/deployments/{id}/logs?since=&until=&filter=: the deployment's log lines of that range as a text file,
// audited. HTTP only: access and logic live in server/deployments. `npm start` answers this path before Next.js routing
// (server/runtime/launcher-routes.ts); this route serves it wherever Next.js itself routes it.
import { downloadLogsResponse } from "@/server/web/deployment-logs";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return downloadLogsResponse(request, (await params).id);
}
