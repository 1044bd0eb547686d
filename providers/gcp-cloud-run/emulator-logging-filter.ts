// The part of Cloud Logging's query language ("Logging query language",
// https://cloud.google.com/logging/docs/view/logging-query-language) the emulator understands: comparisons joined by
// AND (or by a space, which means AND), on resource.type, resource.labels.*, labels.*, logName, textPayload and
// timestamp, and bare terms (global search). As the language says, comparisons of strings are not case-sensitive,
// `:` means "has" (contains), and logical operators must be upper case. Everything else (OR, NOT, parentheses,
// regular expressions, other fields) is refused with INVALID_ARGUMENT naming it, rather than answered wrongly.
import { invalidArgument } from "./emulator-errors";

/** A log entry as the filter sees it. */
export interface FilterableEntry {
  at: number;
  textPayload: string;
  logName: string;
  resource: { type: string; labels: Record<string, string> };
  labels: Record<string, string>;
}

type Operator = "=" | "!=" | ":" | ">=" | ">" | "<=" | "<";
type Restriction = { kind: "compare"; field: string; operator: Operator; value: string } | { kind: "global"; value: string };

export interface ParsedFilter {
  /** Entries at or after this epoch ms only. */
  from: number;
  /** Entries before this epoch ms only. */
  to: number;
  /** Whether an entry's resource, labels and log name qualify (every restriction but those on text and time). */
  qualifies(entry: Omit<FilterableEntry, "at" | "textPayload">): boolean;
  /** Whether an entry matches the whole filter. */
  matches(entry: FilterableEntry): boolean;
}

/** "The maximum length of a filter is 20,000 characters." (ListLogEntriesRequest.filter) */
const MAX_FILTER = 20_000;
const TOKEN = /\s*(?:("(?:[^"\\]|\\.)*")|(>=|<=|!=|=~|!~|[=:<>()])|([^\s"=:<>!()]+))/y;
const FIELD = /^(resource\.type|resource\.labels\.[A-Za-z0-9_]+|labels\.[A-Za-z0-9_./-]+|logName|textPayload|timestamp)$/;
const OPERATORS = new Set(["=", "!=", ":", ">=", ">", "<=", "<"]);

function tokens(filter: string, request: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < filter.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(filter);
    if (!match) {
      if (/^\s*$/.test(filter.slice(start))) break;
      throw refused(request, `cannot read the filter at character ${start + 1}`);
    }
    out.push(match[1] ?? match[2] ?? match[3]);
  }
  return out;
}

const refused = (request: string, why: string) => invalidArgument(request, [{ field: "filter", description: `Unsupported filter: ${why}. The sandbox's Cloud Logging understands comparisons (=, !=, :, <, <=, >, >=) on resource.type, resource.labels.*, labels.*, logName, textPayload and timestamp, and bare terms, joined by AND.` }]);

const unquoted = (token: string) => (token.startsWith('"') ? token.slice(1, -1).replace(/\\(.)/g, "$1") : token);

function valueOf(entry: Omit<FilterableEntry, "at"> & { at?: number }, field: string): string | undefined {
  if (field === "resource.type") return entry.resource.type;
  if (field === "logName") return entry.logName;
  if (field === "textPayload") return entry.textPayload;
  if (field.startsWith("resource.labels.")) return entry.resource.labels[field.slice("resource.labels.".length)];
  if (field.startsWith("labels.")) return entry.labels[field.slice("labels.".length)];
  return undefined;
}

function compare(actual: string | undefined, operator: Operator, value: string): boolean {
  if (actual === undefined) return operator === "!=";
  const [a, v] = [actual.toLowerCase(), value.toLowerCase()];
  if (operator === "=") return a === v;
  if (operator === "!=") return a !== v;
  if (operator === ":") return a.includes(v);
  throw new Error(`operator ${operator} on a string`);
}

/** Reads a filter; `request` names the request in the INVALID_ARGUMENT it throws. */
export function parseFilter(filter: string, request: string): ParsedFilter {
  if (filter.length > MAX_FILTER) throw invalidArgument(request, [{ field: "filter", description: `must be at most ${MAX_FILTER} characters` }]);
  const list = tokens(filter, request);
  const restrictions: Restriction[] = [];
  let from = -Infinity;
  let to = Infinity;
  for (let i = 0; i < list.length; i++) {
    const token = list[i];
    if (token === "AND") {
      if (i === 0 || i === list.length - 1 || list[i + 1] === "AND") throw refused(request, `"AND" must join two comparisons`);
      continue;
    }
    if (["OR", "NOT", "(", ")", "=~", "!~"].includes(token) || OPERATORS.has(token) || token.startsWith("-")) throw refused(request, `"${token}" is not supported here`);
    const operator = list[i + 1];
    if (operator === undefined || !OPERATORS.has(operator)) {
      restrictions.push({ kind: "global", value: unquoted(token) });
      continue;
    }
    if (!FIELD.test(token)) throw refused(request, `the field "${token}" is not supported`);
    const value = list[i + 2];
    if (value === undefined || OPERATORS.has(value) || value === "AND") throw refused(request, `"${token} ${operator}" needs a value`);
    i += 2;
    if (token === "timestamp") {
      const at = Date.parse(unquoted(value));
      if (Number.isNaN(at)) throw invalidArgument(request, [{ field: "filter", description: `Invalid timestamp "${unquoted(value)}": use RFC 3339, e.g. "2024-05-01T12:00:00Z"` }]);
      if (operator === ">=") from = Math.max(from, at);
      else if (operator === ">") from = Math.max(from, at + 1);
      else if (operator === "<") to = Math.min(to, at);
      else if (operator === "<=") to = Math.min(to, at + 1);
      else if (operator === "=") [from, to] = [Math.max(from, at), Math.min(to, at + 1)];
      else throw refused(request, `timestamp ${operator} is not supported`);
      continue;
    }
    if (!["=", "!=", ":"].includes(operator)) throw refused(request, `${token} ${operator} is not supported; strings compare with =, != or :`);
    restrictions.push({ kind: "compare", field: token, operator: operator as Operator, value: unquoted(value) });
  }
  const onText = (r: Restriction) => r.kind === "global" || r.field === "textPayload";
  const holds = (entry: Omit<FilterableEntry, "at">, r: Restriction) => {
    if (r.kind === "compare") return compare(valueOf(entry, r.field), r.operator, r.value);
    const needle = r.value.toLowerCase();
    return [entry.textPayload, entry.logName, entry.resource.type, ...Object.values(entry.resource.labels), ...Object.values(entry.labels)].some((v) => v.toLowerCase().includes(needle));
  };
  return {
    from,
    to,
    qualifies: (entry) => restrictions.filter((r) => !onText(r)).every((r) => holds({ ...entry, textPayload: "" }, r)),
    matches: (entry) => entry.at >= from && entry.at < to && restrictions.every((r) => holds(entry, r)),
  };
}
