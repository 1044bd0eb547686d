// The audit export in the OpenAPI document: a streamed file rather than a procedure's JSON, so described by hand.
// The route is app/api/v1/audit/export (the same handler as the dashboard's /api/audit/export).

const text = (description: string) => ({ in: "query", required: false, description, schema: { type: "string" } });

export const auditExportPaths = {
  "/audit/export": {
    get: {
      operationId: "audit-export",
      summary: "Export the audit trail (or the manifest of an export), for compliance officers' tokens with audit_export",
      tags: ["audit"],
      security: [{ apiToken: [] }],
      parameters: [
        { in: "query", name: "format", required: false, schema: { type: "string", enum: ["csv", "ndjson"], default: "csv" } },
        { ...text("ISO 8601 time: events at or after it"), name: "from" },
        { ...text("ISO 8601 time: events before it"), name: "to" },
        { ...text("Only this actor's events"), name: "actorId" },
        { ...text("Only this action, e.g. deployment.deploy"), name: "action" },
        { ...text("Only this kind of resource"), name: "resourceType" },
        { ...text("Only this resource (with resourceType)"), name: "resourceId" },
        { ...text("Only this team's events"), name: "teamId" },
        { in: "query", name: "outcome", required: false, schema: { type: "string", enum: ["ok", "denied", "failed"] } },
        { in: "query", name: "part", required: false, description: "manifest: the signed manifest of the export named by exportId, once it was downloaded", schema: { type: "string", enum: ["manifest"] } },
        { in: "query", name: "exportId", required: false, description: "With part=manifest", schema: { type: "string", format: "uuid" } },
      ],
      responses: {
        "200": {
          description: "The events, oldest first, as CSV or NDJSON (the X-Audit-Export-Id header names the export), or with part=manifest the manifest (JSON)",
          headers: { "X-Audit-Export-Id": { description: "Fetch the manifest with it", schema: { type: "string" } } },
          content: { "text/csv": { schema: { type: "string" } }, "application/x-ndjson": { schema: { type: "string" } }, "application/json": { schema: { type: "object" } } },
        },
      },
    },
  },
};
