// The JSON Schema of bulkhead.yaml for its route (app/api/v1/bulkhead.schema.json/route.ts), through the HTTP door:
// route handlers import server/web only (eslint.config.js).
export { manifestJsonSchema } from "@/server/manifest/schema";
