import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const alias = { "@": fileURLToPath(new URL("./", import.meta.url)) };
const ignored = ["node_modules/**", "e2e/**", ".next/**", ".data/**"];

// Two projects: pure unit tests need nothing; integration tests (*.int.test.ts) get a real Postgres
// (embedded, or the server of DATABASE_URL) and a fresh database per test file.
export default defineConfig({
  test: {
    // At least two files at once, even on CI's two cores: most integration tests wait on processes, clouds and
    // Postgres rather than compute, so a second file uses the time (Vitest's default leaves one core idle).
    maxWorkers: Math.max(2, availableParallelism() - 1),
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
        },
      },
    ],
  },
});
