// The app/ modules that integration tests under server/ call directly (the Next.js route handlers, and the
// dashboard's audit filter parsing), reached through the harness so that server/ itself never imports app/.
// A test that sets environment variables a route reads when first loaded imports this module after setting them.
export { GET as exportGET } from "@/app/api/audit/export/route";
export { GET as authGET, POST as authPOST } from "@/app/api/auth/[...all]/route";
export { GET as healthGET } from "@/app/api/health/route";
export { GET as metricsGET } from "@/app/api/metrics/route";
export { GET as readyGET } from "@/app/api/ready/route";
export { GET as trpcGET, POST as trpcPOST } from "@/app/api/trpc/[trpc]/route";
export { GET as restGET, POST as restPOST } from "@/app/api/v1/[...path]/route";
export { GET as logsDownloadGET } from "@/app/api/deployments/[id]/logs/route";
export { GET as exportV1GET } from "@/app/api/v1/audit/export/route";
export { GET as runsOnGET } from "@/app/api/reports/runs-on/route";
export { parseAuditFilters, withFilters } from "@/app/_components/audit/filters";
