import type { Prisma } from "@/server/db/generated/client";
import { db } from "@/server/db/client";
import { NotFoundError } from "@/server/errors";
import { nameKey, resolveNames, type Named } from "./names";
import type { AuditListInput } from "./schemas";

/** The filters of audit.list and of exports, without paging; `actorIds` are the people `actor` named, resolved
 * once when the filter is first read (an export keeps them, so its proofs select the same events later). */
export type AuditFilter = Omit<AuditListInput, "cursor" | "limit"> & { actorIds?: string[] };

/** LIKE's own characters escaped: Prisma's contains and startsWith pass their text to LIKE as it is. */
const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** What `actor` (a name or an email, or part of one) means now: the ids of the people it matches. */
export async function resolveFilter<T extends AuditFilter>(filter: T): Promise<T> {
  if (!filter.actor || filter.actorIds) return filter;
  const pattern = { contains: likeEscaped(filter.actor), mode: "insensitive" as const };
  const people = await db().user.findMany({ where: { OR: [{ name: pattern }, { email: pattern }] }, select: { id: true }, take: 1000 });
  return { ...filter, actorIds: people.map((person) => person.id) };
}

/** The filters as a query, without paging. `action` "deployment.*" is every action starting "deployment.". An
 * actor matches by who they are now (actorIds) or by the email the event recorded. */
export function filterWhere(input: AuditFilter): Prisma.AuditEventWhereInput {
  const prefix = input.action?.endsWith("*") ? input.action.slice(0, -1) : undefined;
  return {
    occurredAt: input.from || input.to ? { gte: input.from, lt: input.to } : undefined,
    actorId: input.actorId,
    ...(input.actor ? { OR: [{ actorId: { in: input.actorIds ?? [] } }, { actorEmail: { contains: likeEscaped(input.actor), mode: "insensitive" } }] } : {}),
    action: prefix !== undefined ? { startsWith: likeEscaped(prefix) } : input.action,
    resourceType: input.resourceType,
    resourceId: input.resourceId,
    teamId: input.teamId,
    outcome: input.outcome,
  };
}

type Condition = string | { gte?: Date; lt?: Date; startsWith?: string; in?: string[]; contains?: string } | undefined;

/**
 * The same filters as a SQL condition on "AuditEvent", for the export's COPY (which Prisma cannot run), derived
 * from filterWhere so the two cannot drift. COPY takes no bind parameters: each value becomes a setting for
 * copyOut (server/db/copy-out.ts) read back by current_setting(), never part of the SQL text.
 */
export function filterCondition(input: AuditFilter): { sql: string; settings: Record<string, string> } {
  const conditions = ["TRUE"];
  const settings: Record<string, string> = {};
  const value = (text: string, type: string) => {
    const name = `bulkhead.filter_${Object.keys(settings).length}`;
    settings[name] = text;
    return `current_setting('${name}')::${type}`;
  };
  const one = (column: string, condition: Condition): string[] => {
    // Compared as the column's own type, so the column's index serves the filter.
    if (typeof condition === "string") return [`"${column}" = ${value(condition, column === "outcome" ? '"AuditOutcome"' : "text")}`];
    if (!condition) return [];
    const parts: string[] = [];
    if (condition.gte) parts.push(`"${column}" >= ${value(condition.gte.toISOString(), "timestamptz")}`);
    if (condition.lt) parts.push(`"${column}" < ${value(condition.lt.toISOString(), "timestamptz")}`);
    if (condition.startsWith !== undefined) parts.push(`"${column}" LIKE ${value(`${condition.startsWith}%`, "text")}`);
    if (condition.in) parts.push(`"${column}" = ANY(ARRAY(SELECT jsonb_array_elements_text(${value(JSON.stringify(condition.in), "jsonb")})))`);
    if (condition.contains !== undefined) parts.push(`"${column}" ILIKE ${value(`%${condition.contains}%`, "text")}`);
    return parts;
  };
  for (const [column, condition] of Object.entries(filterWhere(input))) {
    if (column === "OR") {
      const alternatives = (condition as Record<string, Condition>[]).map((alternative) => Object.entries(alternative).flatMap(([c, inner]) => one(c, inner)).join(" AND "));
      conditions.push(`(${alternatives.join(" OR ")})`);
    } else conditions.push(...one(column, condition as Condition));
  }
  return { sql: conditions.join(" AND "), settings };
}

/** The resources, teams and people an event names, to be named in words. */
function namedBy(event: { resourceType: string; resourceId: string | null; teamId: string | null; actorId: string | null }): Named[] {
  return [
    ...(event.resourceId ? [{ type: event.resourceType, id: event.resourceId }] : []),
    ...(event.teamId ? [{ type: "team", id: event.teamId }] : []),
    ...(event.actorId ? [{ type: "user", id: event.actorId }] : []),
  ];
}

/** The active filters in words, each with the parameter that removes it: what the page shows as chips. */
function filterChips(input: AuditFilter, names: Record<string, string>) {
  const chips: { key: keyof AuditFilter; label: string; value: string }[] = [];
  const day = (date: Date) => date.toISOString().replace("T", " ").slice(0, 16);
  if (input.from) chips.push({ key: "from", label: "From", value: `${day(input.from)} UTC` });
  if (input.to) chips.push({ key: "to", label: "Until", value: `${day(input.to)} UTC` });
  if (input.actorId) chips.push({ key: "actorId", label: "Actor", value: names[nameKey("user", input.actorId)] ?? "a person no longer registered" });
  if (input.actor) chips.push({ key: "actor", label: "Actor", value: `“${input.actor}”` });
  if (input.action) chips.push({ key: "action", label: "Action", value: input.action.endsWith("*") ? `any ${input.action.slice(0, -2)} action` : input.action });
  if (input.resourceType) {
    const id = input.resourceId;
    const named = id ? names[nameKey(input.resourceType, id)] : undefined;
    chips.push({ key: "resourceType", label: "Resource", value: id ? `${input.resourceType} ${named ?? "no longer registered"}` : `any ${input.resourceType}` });
  }
  if (input.teamId) chips.push({ key: "teamId", label: "Team", value: names[nameKey("team", input.teamId)] ?? "a team no longer registered" });
  if (input.outcome) chips.push({ key: "outcome", label: "Outcome", value: input.outcome });
  return chips;
}

/** Newest first, keyset-paginated on the sequence so deep pages stay as fast as the first; each filter has
 * an index ending in the sequence (prisma/schema.prisma). Resources, teams and actors come with their names. */
export async function listAuditEvents(input: AuditListInput) {
  const filter = await resolveFilter(input);
  const where = { ...filterWhere(filter), sequence: input.cursor ? { lt: BigInt(input.cursor) } : undefined };
  const rows = await db().auditEvent.findMany({ where, orderBy: { sequence: "desc" }, take: input.limit + 1 });
  const page = rows.slice(0, input.limit);
  const filterNamed: Named[] = [
    ...(input.actorId ? [{ type: "user", id: input.actorId }] : []),
    ...(input.teamId ? [{ type: "team", id: input.teamId }] : []),
    ...(input.resourceType && input.resourceId ? [{ type: input.resourceType, id: input.resourceId }] : []),
  ];
  const names = await resolveNames([...page.flatMap(namedBy), ...filterNamed]);
  return {
    events: page.map((event) => ({ ...event, sequence: event.sequence.toString() })),
    nextCursor: rows.length > input.limit ? page[page.length - 1].sequence.toString() : null,
    /** "type:id" → name, for the resources, teams ("team:id") and actors ("user:id") of these events and filters. */
    names,
    chips: filterChips(filter, names),
  };
}

/** One event by its sequence number, with the names of what it names. */
export async function getAuditEvent(sequence: bigint) {
  const event = await db().auditEvent.findUnique({ where: { sequence } });
  if (!event) throw new NotFoundError("Audit event");
  return { ...event, sequence: event.sequence.toString(), names: await resolveNames(namedBy(event)) };
}
