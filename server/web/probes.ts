// The health, readiness and metrics answers for their routes (app/api/health, ready, metrics), through the HTTP
// door: route handlers import server/web only (eslint.config.js).
export { healthResponse, metricsResponse, readinessResponse } from "@/server/observability/probes";
