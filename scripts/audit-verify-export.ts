// `npm run audit:verify-export -- <file> <manifest> [--key public.pem] [--proofs <proofs.ndjson> [--log-key <vkey>…] [--witness-key <vkey>…]]`:
// checks an audit export offline (no database): file hash, count, first and last event, every event's hash and
// links, and the signatures of the manifest and its checkpoint with the manifest's public key, or with --key (the
// key from audit.publicKey, which an auditor should prefer: a forger would put their own key in the manifest).
// With --proofs, also that each event is in the log: its inclusion proof leads to the root of the named
// checkpoint, signed by a --log-key (default: the manifest's key) and cosigned by every --witness-key.
// Exit 0 accepted, 1 rejected.
import "./lib/supported-node";
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { verifyAuditExport } from "@/server/audit/export-offline-check";
import { parseVkey } from "@/tlog/note";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { key: { type: "string" }, proofs: { type: "string" }, "log-key": { type: "string", multiple: true }, "witness-key": { type: "string", multiple: true } },
});

async function main(): Promise<boolean> {
  const [file, manifest] = positionals;
  if (!file || !manifest || positionals.length > 2) throw new Error("usage: npm run audit:verify-export -- <file> <manifest> [--key public.pem]");
  const pem = values.key === undefined ? undefined : await readFile(values.key, "utf8");
  const proofs = values.proofs === undefined ? undefined : { path: values.proofs, logKeys: (values["log-key"] ?? []).map((key) => parseVkey(key)), witnessKeys: (values["witness-key"] ?? []).map((key) => parseVkey(key)) };
  const verdict = await verifyAuditExport(file, await readFile(manifest, "utf8"), pem, proofs);
  if (!verdict.ok) {
    console.log(`export REJECTED: ${verdict.problem}`);
    return false;
  }
  const proved = verdict.proved
    ? `, each included in ${verdict.proved.origin} at tree size ${verdict.proved.treeSize}${verdict.proved.cosignedBy.length ? ` (cosigned by ${verdict.proved.cosignedBy.join(", ")})` : ""}`
    : "";
  console.log(`export verified: ${verdict.count} events${proved}`);
  return true;
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error: unknown) => {
    console.error(`audit:verify-export: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  },
);
