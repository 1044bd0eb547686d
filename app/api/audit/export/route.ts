// GET /api/audit/export?format=csv|ndjson&<audit.list filters>: the file, streamed as an attachment; its id
// is in the X-Audit-Export-Id header. GET /api/audit/export?part=manifest&exportId=<id>: that export's signed
// manifest, once the file has been fully downloaded. GET /api/audit/export?part=proofs&exportId=<id>: each
// event's inclusion proof against a witnessed checkpoint (409 until one covers the export). HTTP only: access
// and logic live in server/audit.
import { TRPCError } from "@trpc/server";
import { exportAuditEvents } from "@/server/audit/export";
import { exportCaller } from "@/server/routers/audit-export";
import { filterFromQuery } from "@/server/audit/filter-query";
import { manifestText } from "@/server/audit/export-manifest";
import { problemOf, problemResponse } from "@/server/rest/problem";
import { createContext } from "@/server/trpc/context";
import { refuseCrossOrigin } from "@/server/web/same-origin";

export const dynamic = "force-dynamic";

/** RFC 9457 problem details naming the query parameters refused; `error` is the one line the dashboard shows. */
function refusal(error: unknown, request: Request, requestId: string): Response {
  if (!(error instanceof TRPCError)) throw error;
  const problem = problemOf(error, { instance: new URL(request.url).pathname, requestId }, (field) => field.replace(/^filter\./, ""));
  return problemResponse(problem, {}, { error: error.code === "BAD_REQUEST" ? "Invalid export request" : error.message });
}

export async function GET(request: Request): Promise<Response> {
  // A GET, but one that does something (the export is audited): not on behalf of another site's page.
  const refused = await refuseCrossOrigin(request, true);
  if (refused) return refused;
  const query = new URL(request.url).searchParams;
  const context = await createContext({ headers: request.headers });
  const caller = exportCaller(context);
  try {
    if (query.get("part") === "manifest") {
      const manifest = await caller.exportManifest({ exportId: query.get("exportId") ?? "" });
      return new Response(manifestText(manifest), {
        headers: { "content-type": "application/json", "content-disposition": `attachment; filename="audit-export-${manifest.exportId}.manifest.json"` },
      });
    }
    if (query.get("part") === "proofs") {
      const { header, lines } = await caller.exportProofs({ exportId: query.get("exportId") ?? "" });
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(encoder.encode(`${JSON.stringify(header)}\n`));
        },
        async pull(controller) {
          const next = await lines.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(`${JSON.stringify(next.value)}\n`));
        },
        async cancel() {
          await lines.return(undefined);
        },
      });
      return new Response(body, {
        headers: { "content-type": "application/x-ndjson", "content-disposition": `attachment; filename="audit-export-${header.exportId}.proofs.ndjson"` },
      });
    }
    const exportRequest = await caller.export({ format: query.get("format") ?? "csv", filter: filterFromQuery((name) => query.get(name)) } as Parameters<typeof caller.export>[0]);
    const chunks = exportAuditEvents(exportRequest);
    // Pulled one batch at a time, so a slow client slows the database reads instead of filling memory.
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel() {
        await chunks.return(undefined as never);
      },
    });
    const { format, exportId } = exportRequest;
    return new Response(body, {
      headers: {
        "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson",
        "content-disposition": `attachment; filename="audit-export-${exportId}.${format}"`,
        "x-audit-export-id": exportId,
      },
    });
  } catch (error) {
    return refusal(error, request, context.meta.requestId);
  }
}
