// "What runs on what" as a CSV download for its route (app/api/reports/runs-on/route.ts), through the HTTP door:
// route handlers import server/web only (eslint.config.js). The data comes from catalog.runsOn through the API's own
// caller, so the download has exactly the procedure's authorization and team scope.
import { TRPCError } from "@trpc/server";
import { runsOnCsv } from "@/server/catalog/runs-on-csv";
import { problemOf, problemResponse } from "@/server/rest/problem";
import { createCaller } from "@/server/routers";
import { createContext } from "@/server/trpc/context";

export async function runsOnCsvResponse(request: Request): Promise<Response> {
  const context = await createContext({ headers: request.headers });
  try {
    const images = await createCaller(context).catalog.runsOn();
    const day = new Date().toISOString().slice(0, 10);
    return new Response(runsOnCsv(images), {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="what-runs-on-what-${day}.csv"`, "cache-control": "no-store" },
    });
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return problemResponse(problemOf(error, { instance: new URL(request.url).pathname, requestId: context.meta.requestId }), {}, { error: error.message });
  }
}
