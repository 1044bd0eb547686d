import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const alias = { "@": fileURLToPath(new URL("./", import.meta.url)) };
const ignored = ["node_modules/**", "e2e/**", ".next/**", ".data/**"];

// Two projects: pure unit tests need nothing; integration tests (*.int.test.ts) get a real Postgres
// (embedded, or the server of DATABASE_URL) and a fresh database per test file.
export default defineConfig({
  test: {
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
          globalSetup: ["./server/testing/global-setup.ts"],
          setupFiles: ["./server/testing/database-per-file.ts"],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
