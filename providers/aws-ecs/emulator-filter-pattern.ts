// CloudWatch Logs filter patterns for unstructured log events ("Filter pattern syntax for metric filters, subscription
// filters, filter log events, and Live Tail", CloudWatch Logs user guide): terms match case-sensitively anywhere in
// the message; a term in double quotes may hold any characters (a backslash escapes a quote); several terms must all
// match; a term with a leading "-" must not; with "?" terms, any one of them is enough. JSON ("{ … }") and
// space-delimited ("[ … ]") patterns select fields of structured events, which the simulated containers do not print:
// the emulator refuses them rather than guess.
import { EcsApiError } from "./emulator-wire";

export type Matcher = (message: string) => boolean;

const invalid = (why: string) => new EcsApiError("InvalidParameterException", `Invalid filter pattern: ${why}`);

/** The terms of a pattern, each with its operator, quotes removed. */
function termsOf(pattern: string): { op: "" | "-" | "?"; text: string }[] {
  const terms: { op: "" | "-" | "?"; text: string }[] = [];
  let i = 0;
  while (i < pattern.length) {
    if (pattern[i] === " ") {
      i += 1;
      continue;
    }
    const op = pattern[i] === "-" || pattern[i] === "?" ? (pattern[i] as "-" | "?") : "";
    if (op) i += 1;
    let text = "";
    if (pattern[i] === '"') {
      i += 1;
      while (i < pattern.length && pattern[i] !== '"') {
        if (pattern[i] === "\\" && i + 1 < pattern.length) i += 1;
        text += pattern[i];
        i += 1;
      }
      if (pattern[i] !== '"') throw invalid("a quoted term is not closed");
      i += 1;
    } else {
      while (i < pattern.length && pattern[i] !== " ") text += pattern[i++];
    }
    if (text === "") throw invalid("an empty term");
    terms.push({ op, text });
  }
  return terms;
}

export function matcherOf(pattern: string | undefined): Matcher {
  const trimmed = pattern?.trim() ?? "";
  if (trimmed === "") return () => true;
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) throw invalid("JSON and space-delimited patterns are not supported by this emulator");
  const terms = termsOf(trimmed);
  const any = terms.filter((term) => term.op === "?");
  if (any.length) return (message) => any.some((term) => message.includes(term.text));
  return (message) => terms.every((term) => message.includes(term.text) === (term.op === ""));
}
