// GET /api/deployments/{id}/logs?since=&until=&filter=: the deployment's log lines of that range as a text file. The
// download is audited, so like the audit export it refuses requests another site started. HTTP only: access and logic
// live in server/deployments.
import { exportLogsResponse, refuseCrossOrigin } from "@/server/web/deployment-logs";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const refused = await refuseCrossOrigin(request, true);
  if (refused) return refused;
  return exportLogsResponse(request, (await params).id);
}
