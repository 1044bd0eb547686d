// `npm run audit:verify [-- --from N] [--to N]`: checks the audit chain and its signed checkpoints, prints
// the report and exits 1 when anything is broken. Reads DATABASE_URL, else starts the embedded Postgres of
// BULKHEAD_DATA_DIR as `npm start` does (stop Bulkhead first: one server per data folder). Checkpoints are
// checked with BULKHEAD_AUDIT_PUBLIC_KEY (PEM, from audit.publicKey) when set, else with this
// installation's own key, so an auditor needs no private key.
import "./lib/supported-node";
import { createPublicKey } from "node:crypto";
import { parseArgs } from "node:util";
import { openDatabase } from "./lib/database";

const { values } = parseArgs({ options: { from: { type: "string" }, to: { type: "string" } } });
const bound = (value: string | undefined, name: string) => {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value)) throw new Error(`--${name} must be a sequence number (got ${JSON.stringify(value)})`);
  return BigInt(value);
};

async function main(): Promise<boolean> {
  const range = { from: bound(values.from, "from"), to: bound(values.to, "to") };
  const { publicKeyInfo } = await import("@/server/audit/signing-key");
  const close = await openDatabase();
  const { db } = await import("@/server/db/client");
  try {
    const { verifyAuditTrail } = await import("@/server/audit/verify");
    const publicPem = process.env.BULKHEAD_AUDIT_PUBLIC_KEY;
    const started = Date.now();
    const report = await verifyAuditTrail(range, db(), publicPem ? publicKeyInfo(createPublicKey(publicPem)) : undefined);
    console.log(JSON.stringify(report, null, 2));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(report.ok ? `audit trail verified: ${report.checked} events, ${report.checkpoints} signed checkpoints, ${seconds} s` : "audit trail is BROKEN (see firstBroken / badCheckpoint)");
    return report.ok;
  } finally {
    await close();
  }
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error: unknown) => {
    console.error(`audit:verify: ${error instanceof Error ? error.message : error}`);
    process.exit(2);
  },
);
