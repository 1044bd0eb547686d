// P7: inclusion-proof generation at 1,000,000 events: the product's inclusionProof (server/audit/tree-proofs.ts:
// the proof's perfect subtrees read in one query from AuditTreeNode, then folded) for random events against
// the tree of the whole trail, one call at a time, against reading one event by its primary key through the
// same Prisma client (what the event page reads anyway). Calls alternate one for one, so load on the shared
// machine hits both alike; p50 and p99 of each. The tree is grown first by the checkpointer's own code (not
// measured).
import { randomInt } from "node:crypto";
import { db } from "@/server/db/client";
import { inclusionProof } from "@/server/audit/tree-proofs";
import { growTree } from "@/server/audit/tree-store";
import { withAppDatabase } from "./lib/app-database";
import { auditTrailDatabase, TRAIL_EVENTS } from "./lib/audit-trail";
import { limit, measurement, timed } from "./lib/measure";
import { sized } from "./lib/size";
import type { Benchmark } from "./lib/types";

const WARMUP = sized(500, 20);
const SAMPLES = sized(5000, 200);

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function millis(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const benchmark: Benchmark = {
  name: "P7",
  title: "audit inclusion-proof generation at 1,000,000 events",
  async run({ serverUrl, log }) {
    const url = await auditTrailDatabase(serverUrl, log);
    return withAppDatabase(url, async () => {
      const grown = await timed(() => growTree(db(), TRAIL_EVENTS));
      log(`grew the Merkle tree to ${grown.result.toLocaleString("en")} leaves in ${grown.seconds.toFixed(1)} s (the checkpointer's work, not measured)`);
      const size = grown.result;
      const proof = (index: number) => inclusionProof(db(), index, size);
      const read = (index: number) => db().auditEvent.findUnique({ where: { sequence: BigInt(index + 1) } });
      for (let n = 0; n < WARMUP; n++) {
        await proof(randomInt(size));
        await read(randomInt(size));
      }
      const proofs: number[] = [];
      const reads: number[] = [];
      let hashes = 0;
      for (let n = 0; n < SAMPLES; n++) {
        const index = randomInt(size);
        // Order swapped every call, so neither always runs in the other's wake.
        const first = n % 2 ? "proof" : "read";
        for (const kind of first === "proof" ? ["proof", "read"] : ["read", "proof"]) {
          if (kind === "proof") proofs.push(await millis(async () => (hashes += (await proof(index)).length)));
          else reads.push(await millis(() => read(index)));
        }
      }
      proofs.sort((a, b) => a - b);
      reads.sort((a, b) => a - b);
      const [p50, p99, r50, r99] = [quantile(proofs, 0.5), quantile(proofs, 0.99), quantile(reads, 0.5), quantile(reads, 0.99)];
      log(`proof p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms; event read p50 ${r50.toFixed(2)} ms, p99 ${r99.toFixed(2)} ms; ${(hashes / SAMPLES).toFixed(1)} hashes per proof`);
      return {
        measurements: [
          measurement({
            label: `inclusion proof of a random event in a tree of ${size.toLocaleString("en")}, p99 ms (inclusionProof), ${SAMPLES} calls`,
            unit: "ms",
            figure: p99,
            yardstick: r99,
            yardstickLabel: "reading one event by its primary key through the same Prisma client, p99, alternated call for call",
            // A proof is one indexed read of at most ~2·log2(n) rows and as many hashes: at most three times one row's read.
            goal: { op: "<=", value: 3 },
          }),
        ],
        limits: [limit({ label: `inclusion-proof generation p99 at ${size.toLocaleString("en")} events`, unit: "ms", value: p99, op: "<=", limit: 10 })],
        details: { treeSize: size, samples: SAMPLES, proofP50Ms: p50, proofP99Ms: p99, readP50Ms: r50, readP99Ms: r99, hashesPerProof: hashes / SAMPLES, treeGrowthSeconds: grown.seconds },
      };
    });
  },
};

export default benchmark;
