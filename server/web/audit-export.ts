// What the audit export's route (app/api/audit/export/route.ts) needs from server/, through the HTTP door: route
// handlers import server/web only (eslint.config.js). Access and logic stay in server/audit.
export { exportAuditEvents } from "@/server/audit/export";
export { exportCaller } from "@/server/routers/audit-export";
export { filterFromQuery } from "@/server/audit/filter-query";
export { manifestText } from "@/server/audit/export-manifest";
export { problemOf, problemResponse } from "@/server/rest/problem";
export { createContext } from "@/server/trpc/context";
