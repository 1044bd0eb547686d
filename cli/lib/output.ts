// What the CLI prints: words and tables for people, one JSON document for scripts (--json).

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function say(line = ""): void {
  process.stdout.write(`${line}\n`);
}

/** Columns padded to the widest cell; an empty list says so instead. */
export function table(rows: Record<string, string>[], columns: string[], empty: string): void {
  if (!rows.length) return say(empty);
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd();
  say(line(columns.map((c) => c.toUpperCase())));
  for (const row of rows) say(line(columns.map((c) => row[c] ?? "")));
}

export const time = (value: string | null | undefined) => (value ? value.replace("T", " ").replace(/\.\d+Z$/, "Z") : "");
