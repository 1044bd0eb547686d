// P3: verification of a 1,000,000-event chain through the product's verifier (server/audit/verify.ts: every
// hash and link, every signed checkpoint) against the irreducible work: reading the same rows over a plain
// pg connection and SHA-256-hashing the same canonical JSON (chain.ts). Each runs in a process of its own.
import { auditTrailDatabase } from "./lib/audit-trail";
import { inChild } from "./lib/child";
import { measurement } from "./lib/measure";
import type { Benchmark } from "./lib/types";

const jobs = new URL("./lib/audit-verify-jobs.ts", import.meta.url);

const benchmark: Benchmark = {
  name: "P3",
  title: "audit chain verification of 1,000,000 events",
  async run({ serverUrl, log }) {
    const env = { DATABASE_URL: await auditTrailDatabase(serverUrl, log) };
    log("read and hash every row (yardstick)");
    const hashed = await inChild<{ checked: number }>(jobs, "hashTrail", [], env);
    log(`  ${hashed.result.checked} events in ${hashed.seconds.toFixed(1)} s`);
    log("verifyAuditTrail");
    const verified = await inChild<{ checked: number; checkpoints: number }>(jobs, "verifyTrail", [], env);
    log(`  ${verified.result.checked} events, ${verified.result.checkpoints} checkpoints in ${verified.seconds.toFixed(1)} s`);
    return {
      measurements: [
        measurement({
          label: `verification of ${verified.result.checked.toLocaleString("en")} chained events, seconds (verifyAuditTrail)`,
          unit: "s",
          figure: verified.seconds,
          yardstick: hashed.seconds,
          yardstickLabel: "reading the same rows (plain pg) and SHA-256 of the same canonical JSON",
          goal: { op: "<=", value: 2 },
        }),
      ],
      limits: [],
      details: { events: verified.result.checked, checkpoints: verified.result.checkpoints, verifySeconds: verified.seconds, hashSeconds: hashed.seconds, verifyPeakRssMb: verified.peakRssMb, hashPeakRssMb: hashed.peakRssMb },
    };
  },
};

export default benchmark;
