// `npm run audit:verify [-- --from N] [--to N] [--log-key <vkey>…] [--witness-dir <dir>] [--witness-url <url> --witness-key <vkey>]`:
// checks the audit chain, the Merkle roots of its checkpoints and, above all, the database against the
// checkpoints witnessed outside it (the append-only directory and the witness process: BULKHEAD_AUDIT_WITNESS_*
// unless given here); prints the report and exits 1 when anything is broken, naming the first event or
// checkpoint that disagrees. Reads DATABASE_URL, else starts the embedded Postgres of BULKHEAD_DATA_DIR as
// `npm start` does (stop Bulkhead first: one server per data folder). Checkpoints are checked with the keys
// registered in the database for their sizes, or only with the --log-key keys (from audit.publicKeys), which an
// auditor who does not trust the database should give. BULKHEAD_AUDIT_PUBLIC_KEY (PEM) is taken as one such key.
import "./lib/supported-node";
import { createPublicKey } from "node:crypto";
import { parseArgs } from "node:util";
import { openDatabase } from "./lib/database";

const { values } = parseArgs({
  options: {
    from: { type: "string" },
    to: { type: "string" },
    "log-key": { type: "string", multiple: true },
    "witness-dir": { type: "string" },
    "witness-url": { type: "string" },
    "witness-key": { type: "string" },
  },
});
const bound = (value: string | undefined, name: string) => {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value)) throw new Error(`--${name} must be a sequence number (got ${JSON.stringify(value)})`);
  return BigInt(value);
};

async function main(): Promise<boolean> {
  const range = { from: bound(values.from, "from"), to: bound(values.to, "to") };
  if (values["witness-dir"] !== undefined) process.env.BULKHEAD_AUDIT_WITNESS_DIR = values["witness-dir"];
  if (values["witness-url"] !== undefined) process.env.BULKHEAD_AUDIT_WITNESS_URL = values["witness-url"];
  if (values["witness-key"] !== undefined) process.env.BULKHEAD_AUDIT_WITNESS_KEY = values["witness-key"];
  const { parseVkey, verifierOf, SIGNATURE_TYPE } = await import("@/tlog/note");
  const { auditOrigin } = await import("@/server/audit/log-keys");
  const { witnessConfig } = await import("@/server/audit/witness-config");
  const given = (values["log-key"] ?? []).map((text, i) => {
    try {
      return parseVkey(text);
    } catch (error) {
      throw new Error(`--log-key #${i + 1}: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  if (process.env.BULKHEAD_AUDIT_PUBLIC_KEY) given.push(verifierOf(auditOrigin(), SIGNATURE_TYPE.ed25519, createPublicKey(process.env.BULKHEAD_AUDIT_PUBLIC_KEY)));
  const witnesses = witnessConfig();
  const close = await openDatabase();
  const { db } = await import("@/server/db/client");
  try {
    const { verifyAuditTrail } = await import("@/server/audit/trail-verification");
    const started = Date.now();
    const report = await verifyAuditTrail(range, db(), given.length ? { given } : { registered: true });
    console.log(JSON.stringify(report, null, 2));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (!witnesses.directory && !witnesses.process) {
      console.log("WARNING: no witness is configured (BULKHEAD_AUDIT_WITNESS_DIR, BULKHEAD_AUDIT_WITNESS_URL): a deleted tail or a consistent rewrite by the database's superuser cannot be told from an untouched trail");
    }
    const witnessed = report.witnesses.map((witness) => `${witness.name}: ${witness.checkpoints} checkpoints`).join(", ");
    console.log(
      report.ok
        ? `audit trail verified: ${report.checked} events, ${report.checkpoints} signed checkpoints${witnessed ? `, against ${witnessed}` : ""}, ${seconds} s`
        : `audit trail is BROKEN: ${describe(report)}`,
    );
    return report.ok;
  } finally {
    await close();
  }
}

function describe(report: Awaited<ReturnType<typeof import("@/server/audit/trail-verification").verifyAuditTrail>>): string {
  const parts: string[] = [];
  if (report.firstBroken) parts.push(`event ${report.firstBroken.sequence} ${report.firstBroken.problem} (${report.firstBroken.detail})`);
  if (report.badCheckpoint) parts.push(`checkpoint ${report.badCheckpoint.sequence}: ${report.badCheckpoint.detail}`);
  for (const witness of report.witnesses) if (witness.problem) parts.push(`${witness.name}: ${witness.problem}`);
  return parts.join("; ");
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error: unknown) => {
    console.error(`audit:verify: ${error instanceof Error ? error.message : error}`);
    process.exit(2);
  },
);
