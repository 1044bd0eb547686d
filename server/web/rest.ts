// The REST API's handler for its route (app/api/v1/[...path]/route.ts), through the HTTP door: route handlers import
// server/web only (eslint.config.js). Routes, access and logic live in server/rest.
export { handleRest } from "@/server/rest/handler";
