// /api/v1/audit/export: the audit export for automation, the very handler of the dashboard's /api/audit/export.
export { GET } from "@/app/api/audit/export/route";

export const dynamic = "force-dynamic";
