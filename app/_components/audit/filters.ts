import { filterFromQuery } from "@/server/audit/contract";
import { auditListInput, type AuditListInput } from "@/server/audit/contract-schemas";

export type AuditSearchParams = Record<string, string | undefined>;

/** The page's query string → audit.list input, through the API's own schema (times are UTC). */
export function parseAuditFilters(params: AuditSearchParams) {
  const raw = { ...filterFromQuery((name) => params[name]), limit: 50, ...(params.cursor ? { cursor: params.cursor } : {}) };
  const parsed = auditListInput.safeParse(raw);
  return parsed.success
    ? { input: parsed.data, errors: null }
    : { input: { limit: 50 } as AuditListInput, errors: parsed.error.issues.map((issue) => `${issue.path.join(".") || "filter"}: ${issue.message}`) };
}

/** The same filters with some changed (undefined removes one), as a query string. */
export function withFilters(params: AuditSearchParams, changes: AuditSearchParams): string {
  const next = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...params, cursor: undefined, ...changes })) if (value) next.set(key, value);
  const query = next.toString();
  return query ? `/audit?${query}` : "/audit";
}
