// P3: verification of a 1,000,000-event chain through the product's verifier (server/audit/trail-verification.ts: every
// hash and link, every signed checkpoint and its Merkle root) against the irreducible work: reading the same rows over a plain
// pg connection and SHA-256-hashing the same canonical JSON (chain.ts). Each runs in a process of its own.
import { auditTrailDatabase } from "./lib/audit-trail";
import { alternated, inChild } from "./lib/child";
import { measurement } from "./lib/measure";
import { sized } from "./lib/size";
import type { Benchmark } from "./lib/types";

const jobs = new URL("./lib/audit-verify-jobs.ts", import.meta.url);
const ROUNDS = sized(2, 1);

const benchmark: Benchmark = {
  name: "P3",
  title: "audit chain verification of 1,000,000 events",
  async run({ serverUrl, log }) {
    const env = { DATABASE_URL: await auditTrailDatabase(serverUrl, log) };
    const { yardsticks: hashes, figures: verifies, yardstickSeconds, figureSeconds } = await alternated(
      ROUNDS,
      () => inChild<{ checked: number }>(jobs, "hashTrail", [], env),
      () => inChild<{ checked: number; checkpoints: number }>(jobs, "verifyTrail", [], env),
      (round, hashed, verified) => {
        if (verified.result.checked !== hashed.result.checked) throw new Error(`the verifier checked ${verified.result.checked} events, the yardstick ${hashed.result.checked}`);
        log(`round ${round}: read and hash ${hashed.result.checked} events in ${hashed.seconds.toFixed(1)} s; verifyAuditTrail (${verified.result.checkpoints} checkpoints) in ${verified.seconds.toFixed(1)} s`);
      },
    );
    const verified = verifies[0];
    return {
      measurements: [
        measurement({
          label: `verification of ${verified.result.checked.toLocaleString("en")} chained events, seconds (verifyAuditTrail), best of ${ROUNDS}`,
          unit: "s",
          figure: figureSeconds,
          yardstick: yardstickSeconds,
          yardstickLabel: `reading the same rows (plain pg) and SHA-256 of the same canonical JSON, best of ${ROUNDS}`,
          goal: { op: "<=", value: 2 },
        }),
      ],
      limits: [],
      details: {
        events: verified.result.checked,
        checkpoints: verified.result.checkpoints,
        verifySeconds: verifies.map((run) => run.seconds),
        hashSeconds: hashes.map((run) => run.seconds),
        verifyPeakRssMb: Math.max(...verifies.map((run) => run.peakRssMb)),
      },
    };
  },
};

export default benchmark;
