// The OpenAPI 3.1 description of /api/v1 (server/rest/openapi.ts); public, like any API's documentation.
import { openApiDocument } from "@/server/web/openapi";

export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json(openApiDocument());
}
