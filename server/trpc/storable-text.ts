// Postgres cannot store every string JavaScript can hold: text and jsonb refuse the NUL character (U+0000),
// and jsonb refuses unpaired UTF-16 surrogates (JSON.stringify writes them as "\ud800" escapes). Such input
// used to reach the database and fail there as a 500; it is refused at the door instead, naming the field.

export interface TextProblem {
  path: (string | number)[];
  message: string;
}

const NUL = "\u0000";
const LONE_SURROGATE = /\p{Cs}/u;

function problemOf(text: string): string | null {
  if (text.includes(NUL)) return "must not contain the NUL character (U+0000)";
  if (LONE_SURROGATE.test(text)) return "must be valid Unicode text (it holds an unpaired surrogate)";
  return null;
}

/** Where a value sits, as a chain to its parent, so deep input costs no copying of paths. */
interface Place {
  parent: Place | null;
  key: string | number;
}
function pathOf(place: Place | null): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at = place; at; at = at.parent) path.push(at.key);
  return path.reverse();
}

/** Every string in `value` (object keys included) that Postgres cannot store, with where it is. */
export function unstorableText(value: unknown): TextProblem[] {
  const problems: TextProblem[] = [];
  const seen = new Set<object>();
  // An explicit stack rather than recursion: input may be nested thousands of levels deep.
  const stack: { value: unknown; place: Place | null }[] = [{ value, place: null }];
  while (stack.length) {
    const { value: current, place } = stack.pop()!;
    if (typeof current === "string") {
      const message = problemOf(current);
      if (message) problems.push({ path: pathOf(place), message });
    } else if (typeof current === "object" && current !== null && !seen.has(current)) {
      seen.add(current);
      if (Array.isArray(current)) current.forEach((item, index) => stack.push({ value: item, place: { parent: place, key: index } }));
      else if (Object.getPrototypeOf(current) === Object.prototype || Object.getPrototypeOf(current) === null) {
        for (const [key, item] of Object.entries(current)) {
          const keyProblem = problemOf(key);
          if (keyProblem) problems.push({ path: pathOf({ parent: place, key }), message: `key ${keyProblem}` });
          stack.push({ value: item, place: { parent: place, key } });
        }
      }
    }
  }
  return problems;
}

/** The text without what Postgres cannot store (NUL, unpaired surrogates), for text the server writes itself. */
export function storableOnly(text: string): string {
  return text.replaceAll(NUL, "").replace(/\p{Cs}/gu, "\uFFFD");
}
