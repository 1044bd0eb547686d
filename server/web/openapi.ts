// The OpenAPI document for its route (app/api/v1/openapi.json/route.ts), through the HTTP door: route handlers import
// server/web only (eslint.config.js).
export { openApiDocument } from "@/server/rest/openapi";
