import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "e2e/**", ".next/**", ".data/**"],
    globalSetup: ["./server/testing/global-setup.ts"],
    setupFiles: ["./server/testing/database-per-file.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
