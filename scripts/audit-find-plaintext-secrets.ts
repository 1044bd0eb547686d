// `npm run audit:find-plaintext-secrets`: lists the audit events that hold what looks like a plaintext secret (a value
// under a secret-looking name, or a credential-looking string), with where in the event and why, never the value.
// Audit events cannot be rewritten; this is what compliance officers report. Reads DATABASE_URL, else the embedded
// Postgres of BULKHEAD_DATA_DIR (stop Bulkhead first). Exit 0 whether or not it finds any; 2 when it cannot run.
import "./lib/supported-node";
import { openDatabase } from "./lib/database";

async function main() {
  const close = await openDatabase();
  try {
    const { auditEventsWithPlaintext } = await import("@/server/secrets/audit-plaintext");
    let events = 0;
    let findings = 0;
    for await (const event of auditEventsWithPlaintext()) {
      events += 1;
      findings += event.findings.length;
      const where = `${event.resourceType}${event.resourceId ? ` ${event.resourceId}` : ""}`;
      for (const finding of event.findings) console.log(`#${event.sequence} ${event.occurredAt.toISOString()} ${event.action} (${where}) ${finding.path}: ${finding.why}`);
    }
    console.log(events ? `${events} audit event(s) hold what looks like a plaintext secret (${findings} place(s)); the values are not shown` : "no audit event holds what looks like a plaintext secret");
  } finally {
    await close();
  }
}

main().catch((error: unknown) => {
  console.error(`audit:find-plaintext-secrets: ${error instanceof Error ? error.message : error}`);
  process.exit(2);
});
