import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

const alias = { "@": fileURLToPath(new URL("./", import.meta.url)) };
const ignored = ["node_modules/**", "e2e/**", ".next/**", ".data/**"];

/**
 * Seconds each file took in CI (per-file durations of test-results/vitest.json, 2 cores, 2026-12-02), for the
 * files of 25 s or more. Only their order depends on it: a file missing here, or slower now, still runs.
 */
const LONG_FILES: Record<string, number> = {
  "server/targets/lasting-credentials.int.test.ts": 95,
  "server/trpc/hostile-input.valid.int.test.ts": 90,
  "server/trpc/hostile-input.malformed.int.test.ts": 75,
  "bench/benchmarks.int.test.ts": 80,
  "providers/aws-ecs/emulator-conformance.int.test.ts": 68,
  "server/runtime/graceful-stop.int.test.ts": 41,
  "cli/commands.int.test.ts": 37,
  "server/deployments/chaos.int.test.ts": 34,
  "testing/authorization-matrix.int.test.ts": 31,
  "server/runtime/replicas.int.test.ts": 30,
  "providers/gcp-cloud-run/adapter-enforcement.int.test.ts": 29,
  "server/deployments/drift.int.test.ts": 28,
};

/**
 * Longest files first, so the run does not end with one long file on one worker while the others idle. Without
 * a results cache (CI starts from a fresh checkout) Vitest orders by file size, which put the two 21-line
 * property-test files (150-180 s each) last: the last 110 s of a 1,000 s run had one worker busy. Durations
 * come from Vitest's own cache when it has them, else from LONG_FILES; ties keep Vitest's order (by size).
 */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const seconds = (spec: TestSpecification) => {
      const file = path.relative(root, spec.moduleId);
      const cached = this.ctx.cache.getFileTestResults(`${spec.project.name}:${file}`);
      return cached ? cached.duration / 1000 : (LONG_FILES[file] ?? 0);
    };
    const bySize = await super.sort(files);
    return bySize.map((spec, index) => ({ spec, index, seconds: seconds(spec) })).sort((a, b) => b.seconds - a.seconds || a.index - b.index).map(({ spec }) => spec);
  }
}

// Two projects: pure unit tests need nothing; integration tests (*.int.test.ts) get a real Postgres
// (embedded, or the server of DATABASE_URL) and a fresh database per test file.
export default defineConfig({
  test: {
    // At least two files at once, even on CI's two cores: most integration tests wait on processes, clouds and
    // Postgres rather than compute, so a second file uses the time (Vitest's default leaves one core idle).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["**/*.test.ts"], exclude: [...ignored, "**/*.int.test.ts"] },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["**/*.int.test.ts"],
          exclude: ignored,
          globalSetup: ["./testing/global-setup.ts"],
          setupFiles: ["./testing/database-per-file.ts"],
          testTimeout: 30_000,
          hookTimeout: 120_000,
          // These drive processes, emulators and Postgres on a busy two-core machine, where a rare timing slip
          // should not fail a whole run. A retry never hides one: `npm test` ends by naming each test that
          // passed only on its retry (scripts/lib/test-report.ts). Unit tests are not retried.
          retry: 1,
        },
      },
    ],
  },
});
