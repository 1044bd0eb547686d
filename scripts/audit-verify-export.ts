// `npm run audit:verify-export -- <file> <manifest> [--key public.pem]`: checks an audit export offline (no
// database): file hash, count, first and last event, every event's hash and links, and the signatures of
// the manifest and its checkpoint with the manifest's public key, or with --key (the key from audit.publicKey,
// which an auditor should prefer: a forger would put their own key in the manifest). Exit 0 accepted, 1 rejected.
import "./lib/supported-node";
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { verifyAuditExport } from "@/server/audit/export-verify";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { key: { type: "string" } } });

async function main(): Promise<boolean> {
  const [file, manifest] = positionals;
  if (!file || !manifest || positionals.length > 2) throw new Error("usage: npm run audit:verify-export -- <file> <manifest> [--key public.pem]");
  const pem = values.key === undefined ? undefined : await readFile(values.key, "utf8");
  const verdict = await verifyAuditExport(file, await readFile(manifest, "utf8"), pem);
  console.log(verdict.ok ? `export verified: ${verdict.count} events` : `export REJECTED: ${verdict.problem}`);
  return verdict.ok;
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error: unknown) => {
    console.error(`audit:verify-export: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  },
);
