// The OpenAPI 3.1 description of /api/v1, generated from the router (trpc-to-openapi reads each procedure's meta,
// input and output schemas; zod-openapi turns the zod schemas into JSON Schema), plus the audit export, which
// streams a file and so is a route of its own. Served at /api/v1/openapi.json; the CLI's client types are
// generated from it (scripts/openapi-client.ts).
import { generateOpenApiDocument } from "trpc-to-openapi";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { appRouter } from "@/server/routers";
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPES, problemType } from "./problem";
import { auditExportPaths } from "./openapi-audit-export";
import { REST_BASE } from "./handler";

type OpenApiDocument = ReturnType<typeof generateOpenApiDocument>;
type SchemaObject = NonNullable<NonNullable<OpenApiDocument["components"]>["schemas"]>[string];

const problemSchema: SchemaObject = {
  type: "object",
  description: "RFC 9457 problem details",
  required: ["type", "title", "status", "detail", "instance", "requestId"],
  properties: {
    type: { type: "string", enum: Object.keys(PROBLEM_TYPES).map((kind) => problemType(kind as keyof typeof PROBLEM_TYPES)) },
    title: { type: "string" },
    status: { type: "integer" },
    detail: { type: "string" },
    instance: { type: "string", description: "The request's path" },
    requestId: { type: "string", description: "Names the request in the server log" },
    errors: {
      type: "array",
      description: "One entry per field refused (invalid input) or per policy reason",
      items: {
        type: "object",
        required: ["field", "pointer", "detail"],
        properties: { field: { type: "string" }, pointer: { type: "string", description: "JSON Pointer (RFC 6901) into the request's input" }, detail: { type: "string" } },
      },
    },
  },
};

const ERROR_STATUSES: Record<string, string> = {
  "400": "Invalid input: `errors` names each field",
  "401": "No API token, or it is unknown, revoked or expired",
  "403": "The token's abilities, apps or owner's role do not allow this, or policy refuses it (type …:policy-refused, `errors` names each reason)",
  "404": "Not found (another team's resources answer this too)",
  "409": "Conflicts with the current state",
  "500": "Internal error: the request id names it in the server log",
};

type Operation = { responses?: Record<string, unknown>; requestBody?: unknown };

/** Every operation answers its errors as problem details, described once as a component. */
function withProblems(paths: Record<string, Record<string, Operation>>) {
  const problemRef = { content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: "#/components/schemas/Problem" } } } };
  for (const operations of Object.values(paths)) {
    for (const operation of Object.values(operations)) {
      const responses = Object.fromEntries(Object.entries(operation.responses ?? {}).filter(([status]) => !/^[45]/.test(status)));
      for (const [status, description] of Object.entries(ERROR_STATUSES)) responses[status] = { description, ...problemRef };
      if (operation.requestBody) responses["415"] = { description: "The body is not JSON", ...problemRef };
      operation.responses = responses;
    }
  }
}

let document: OpenApiDocument | undefined;

export function openApiDocument() {
  if (document) return document;
  const generated = generateOpenApiDocument(appRouter, {
    title: "Bulkhead API",
    version: "1",
    description:
      "Automation for Bulkhead: deploy, watch and manage apps, read the catalog and targets, export the audit trail. " +
      "Authenticate with an API token (Authorization: Bearer bh_…), made on the API tokens page; what it may do is its abilities, its apps and its owner's role.",
    baseUrl: REST_BASE,
    securitySchemes: { apiToken: { type: "http", scheme: "bearer", bearerFormat: "bh_ followed by 46 letters and digits" } },
    paths: auditExportPaths as ZodOpenApiPathsObject,
  });
  withProblems(generated.paths as Record<string, Record<string, Operation>>);
  const schemas = Object.fromEntries(Object.entries(generated.components?.schemas ?? {}).filter(([name]) => !name.startsWith("error.")));
  generated.components = { ...generated.components, schemas: { ...schemas, Problem: problemSchema } };
  document = generated;
  return document;
}
