// GET /api/reports/runs-on: "what runs on what" as a CSV file (catalog.runsOn's rows, one per live deployment).
import { runsOnCsvResponse } from "@/server/web/runs-on-export";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return runsOnCsvResponse(request);
}
