// The JSON Schema of bulkhead.yaml (server/manifest/schema.ts), for editors and linters; public like the OpenAPI document.
import { manifestJsonSchema } from "@/server/web/manifest-schema";

export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json(manifestJsonSchema());
}
