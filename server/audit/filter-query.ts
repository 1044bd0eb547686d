// The audit filter as a query string, read one way for the audit page and for its export, so that an export
// holds exactly the events the list shows, whatever the server's time zone.

/** The filters a query string may carry besides the time range (paging is the list's own). */
export const QUERY_FILTERS = ["actorId", "actor", "action", "resourceType", "resourceId", "teamId", "outcome"] as const;

/** A time from the query: the page's datetime-local values carry no zone and mean UTC, as the page shows times; a
 * time with its own zone keeps it. Never the server's local time. An unparseable value is an Invalid Date, which
 * the schema refuses naming the field. */
export function instantFromQuery(value: string): Date {
  return new Date(/(Z|[+-]\d\d:?\d\d)$/i.test(value) ? value : `${value}Z`);
}

/** audit.list's filter fields from a query string, before the schema judges them. */
export function filterFromQuery(get: (name: string) => string | null | undefined): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  for (const name of QUERY_FILTERS) {
    const value = get(name);
    if (value) filter[name] = value;
  }
  for (const name of ["from", "to"] as const) {
    const value = get(name);
    if (value) filter[name] = instantFromQuery(value);
  }
  return filter;
}
