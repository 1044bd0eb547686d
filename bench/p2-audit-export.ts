// P2: CSV export of a 1,000,000-event trail through the product's export path (server/audit/export-file.ts,
// the generator behind GET /api/audit/export) against Postgres' own COPY (SELECT …) TO STDOUT WITH CSV of the
// same rows to a file, and the export's peak RSS (issue 5: under 300 MB). Each runs in a process of its own.
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { TRAIL_EVENTS, auditTrailDatabase } from "./lib/audit-trail";
import { alternated, inChild } from "./lib/child";
import { limit, measurement } from "./lib/measure";
import { sized } from "./lib/size";
import type { Benchmark } from "./lib/types";

const jobs = new URL("./lib/audit-export-jobs.ts", import.meta.url);
const ROUNDS = sized(2, 1);

const benchmark: Benchmark = {
  name: "P2",
  title: "audit CSV export of 1,000,000 events",
  async run({ serverUrl, log }) {
    const url = await auditTrailDatabase(serverUrl, log);
    const env = { DATABASE_URL: url };
    const work = await mkdtemp(path.join(tmpdir(), "bulkhead-bench-p2-"));
    try {
      const copyFile = path.join(work, "copy.csv");
      const exportFile = path.join(work, "export.csv");
      const { yardsticks: copies, figures: exports, yardstickSeconds: copySeconds, figureSeconds: exportSeconds } = await alternated(
        ROUNDS,
        () => inChild<{ count: number }>(jobs, "copyCsv", [copyFile, String(TRAIL_EVENTS)], env),
        () => inChild<{ count: number }>(jobs, "exportCsv", [exportFile], env),
        (round, copy, exported) => {
          log(`round ${round}: COPY ${copy.result.count} rows in ${copy.seconds.toFixed(1)} s; export ${exported.result.count} rows in ${exported.seconds.toFixed(1)} s, peak RSS ${exported.peakRssMb} MB`);
          // The export also counts its own audit events of earlier rounds (it goes up to the head).
          if (exported.result.count < copy.result.count) throw new Error(`export wrote ${exported.result.count} events, COPY ${copy.result.count}`);
        },
      );
      const peakRssMb = Math.max(...exports.map((run) => run.peakRssMb));
      const rows = copies[0].result.count;
      return {
        measurements: [
          measurement({
            label: `CSV export of ${rows.toLocaleString("en")} events, rows/s (exportToFile: streamed COPY, hashed, manifest signed, audited), best of ${ROUNDS}`,
            unit: "rows/s",
            figure: rows / exportSeconds,
            yardstick: rows / copySeconds,
            yardstickLabel: `COPY (SELECT the same columns of the same rows) TO STDOUT WITH CSV, streamed to a file, best of ${ROUNDS}`,
            goal: { op: ">=", value: 0.5 },
          }),
        ],
        limits: [limit({ label: "export's peak RSS (its own process, highest of the runs)", unit: "MB", value: peakRssMb, op: "<=", limit: 300 })],
        details: {
          events: rows,
          exportSeconds: exports.map((run) => run.seconds),
          copySeconds: copies.map((run) => run.seconds),
          exportFileMb: Math.round((await stat(exportFile)).size / 1e6),
          copyFileMb: Math.round((await stat(copyFile)).size / 1e6),
          copyPeakRssMb: Math.max(...copies.map((run) => run.peakRssMb)),
        },
      };
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  },
};

export default benchmark;
