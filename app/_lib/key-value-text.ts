import type { z } from "zod";

/** One refused line of a NAME=value editor, numbered as the user sees it. */
export interface LineProblem {
  line: number;
  message: string;
}

/**
 * "NAME=value" lines → a record, for a textarea the user can paste into (environment variables, target labels). Blank
 * lines and # comments are skipped; every other line must be a name the API's own rule accepts, "=", and a value
 * within its limit, each name once. Nothing is dropped or merged silently: each bad line comes back with its number
 * and why.
 */
export function parseKeyValueText(text: string, rule: { name: z.ZodType<string>; maxValue: number }): { values: Record<string, string>; problems: LineProblem[] } {
  const values: Record<string, string> = {};
  const firstLine = new Map<string, number>();
  const problems: LineProblem[] = [];
  text.split("\n").forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith("#")) return;
    const at = trimmed.indexOf("=");
    if (at === -1) return problems.push({ line, message: `Line ${line}: no “=” — write NAME=value` });
    const name = trimmed.slice(0, at).trim();
    const value = trimmed.slice(at + 1);
    const checked = rule.name.safeParse(name);
    if (!checked.success) return problems.push({ line, message: `Line ${line}: “${name}” is not a valid name (${checked.error.issues[0].message.toLowerCase()})` });
    if (firstLine.has(name)) return problems.push({ line, message: `Line ${line}: ${name} is already set on line ${firstLine.get(name)}` });
    if (value.length > rule.maxValue) return problems.push({ line, message: `Line ${line}: the value of ${name} is longer than ${rule.maxValue} characters` });
    firstLine.set(name, line);
    values[name] = value;
  });
  return { values, problems };
}

export function keyValueText(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key}=${value}`)
    .join("\n");
}
