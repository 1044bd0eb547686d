// audit export: the audit trail (or part of it) as CSV or NDJSON with its signed manifest beside it, streamed to a
// file; audit verify-export: checks such a file offline with the server's own verifier (server/audit/export-offline-check.ts).
import { createWriteStream } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Option, type Command } from "commander";
import { verifyAuditExport } from "@/server/audit/export-offline-check";
import { apiClient, must, problemError } from "../lib/api";
import { loadConfig } from "../lib/config";
import { CliError, EXIT } from "../lib/exit";
import { printJson, say } from "../lib/output";
import { jsonWanted } from "../lib/session";
import { VERSION } from "../lib/version";

interface ExportOptions {
  format: "csv" | "ndjson";
  output?: string;
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  resourceType?: string;
  resourceId?: string;
  team?: string;
  outcome?: string;
}

const FILTERS: [keyof ExportOptions, string][] = [
  ["from", "from"],
  ["to", "to"],
  ["actor", "actorId"],
  ["action", "action"],
  ["resourceType", "resourceType"],
  ["resourceId", "resourceId"],
  ["team", "teamId"],
  ["outcome", "outcome"],
];

async function get(url: string, token: string): Promise<Response> {
  try {
    return await fetch(url, { headers: { authorization: `Bearer ${token}`, "user-agent": `bulkhead-cli/${VERSION}` } });
  } catch (error) {
    throw new CliError(`Cannot reach the API: ${(error as Error).message}`, EXIT.failed);
  }
}

async function refused(response: Response): Promise<CliError> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: the words are the problem
  }
  return problemError(response, body);
}

export function registerAudit(program: Command): void {
  const audit = program.command("audit").description("the audit trail (compliance officers' tokens with audit_export)");

  audit
    .command("export")
    .description("export events, oldest first, to a file, with its signed manifest beside it (<file>.manifest.json)")
    .addOption(new Option("--format <format>", "file format").choices(["ndjson", "csv"]).default("ndjson"))
    .option("-o, --output <file>", "where to write it (default audit-export-<id>.<format>)")
    .option("--from <time>", "events at or after this ISO 8601 time")
    .option("--to <time>", "events before this ISO 8601 time")
    .option("--actor <id>", "only this actor's events")
    .option("--action <action>", "only this action, e.g. deployment.deploy")
    .option("--resource-type <type>", "only this kind of resource")
    .option("--resource-id <id>", "only this resource (with --resource-type)")
    .option("--team <id>", "only this team's events")
    .addOption(new Option("--outcome <outcome>", "only these outcomes").choices(["ok", "denied", "failed"]))
    .action(async (options: ExportOptions, command: Command) => {
      const config = await loadConfig();
      const base = `${config.url.replace(/\/+$/, "")}/api/v1/audit/export`;
      const query = new URLSearchParams({ format: options.format });
      for (const [option, parameter] of FILTERS) if (options[option]) query.set(parameter, String(options[option]));
      const response = await get(`${base}?${query}`, config.token);
      if (!response.ok || !response.body) throw await refused(response);
      const exportId = response.headers.get("x-audit-export-id") ?? "unknown";
      const file = options.output ?? `audit-export-${exportId}.${options.format}`;
      await pipeline(Readable.fromWeb(response.body as import("node:stream/web").ReadableStream<Uint8Array>), createWriteStream(file));
      const manifestResponse = await get(`${base}?${new URLSearchParams({ part: "manifest", exportId })}`, config.token);
      if (!manifestResponse.ok) throw await refused(manifestResponse);
      const manifestFile = `${file}.manifest.json`;
      const manifestText = await manifestResponse.text();
      await writeFile(manifestFile, manifestText);
      const manifest = JSON.parse(manifestText) as { count: number; sha256: string };
      if (jsonWanted(command)) return printJson({ exportId, file, manifest: manifestFile, count: manifest.count, sha256: manifest.sha256 });
      say(`Exported ${manifest.count} events to ${file} (SHA-256 ${manifest.sha256}); manifest in ${manifestFile}`);
    });

  audit
    .command("verify-export")
    .description("check an export offline: file hash, count, every event's hash and links, the signatures; exit 1 names why it fails")
    .argument("<file>", "the exported file")
    .argument("[manifest]", "its manifest (default <file>.manifest.json)")
    .option("--key <pem>", "the public key to trust (from audit.publicKey), rather than the manifest's own")
    .option("--fetch-key", "fetch the public key from the API with the kept token (needs audit_export)")
    .action(async (file: string, manifestFile: string | undefined, options: { key?: string; fetchKey?: boolean }, command: Command) => {
      const manifest = await readFile(manifestFile ?? `${file}.manifest.json`, "utf8").catch(() => {
        throw new CliError(`Cannot read the manifest ${manifestFile ?? `${file}.manifest.json`}`, EXIT.usage);
      });
      let pem = options.key ? await readFile(options.key, "utf8") : undefined;
      if (options.fetchKey) pem = (await must(apiClient(await loadConfig()).GET("/audit/public-key"))).publicKeyPem;
      const verdict = await verifyAuditExport(file, manifest, pem);
      if (jsonWanted(command)) printJson(verdict);
      else if (verdict.ok) say(`Export verified: ${verdict.count} events`);
      if (!verdict.ok) throw new CliError(`Export REJECTED: ${verdict.problem}`, EXIT.failed, [], jsonWanted(command));
    });
}
