// Reads bulkhead.yaml: YAML first (a syntax error names its line), then the file's schema (server/manifest/schema.ts),
// each refusal naming the line and the field.
import { readFile } from "node:fs/promises";
import { LineCounter, parseDocument, type Document } from "yaml";
import { manifestSchema, type Manifest } from "@/server/manifest/schema";
import { CliError, EXIT } from "../lib/exit";

/** The line of the node at `path`, or of its nearest ancestor in the file. */
function lineOf(document: Document, lines: LineCounter, path: PropertyKey[]): number | null {
  for (let length = path.length; length >= 0; length--) {
    const node = document.getIn(path.slice(0, length) as (string | number)[], true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === "object" && node.range) return lines.linePos(node.range[0]).line;
  }
  return null;
}

export function parseManifest(text: string, file: string): Manifest {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (document.errors.length) {
    throw new CliError(`${file} is not valid YAML`, EXIT.usage, document.errors.map((e) => `${file}:${lines.linePos(e.pos[0]).line}: ${e.message.split("\n")[0]}`));
  }
  const parsed = manifestSchema.safeParse(document.toJS());
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const line = lineOf(document, lines, issue.path);
    const field = issue.path.map(String).join(".");
    return `${file}${line ? `:${line}` : ""}: ${field ? `${field}: ` : ""}${issue.message}`;
  });
  throw new CliError(`${file} does not fit bulkhead.yaml's schema (bulkhead schema prints it)`, EXIT.usage, problems);
}

export async function loadManifest(file: string): Promise<Manifest> {
  const text = await readFile(file, "utf8").catch(() => {
    throw new CliError(`Cannot read ${file}`, EXIT.usage);
  });
  return parseManifest(text, file);
}
