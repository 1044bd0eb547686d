import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { OIDC_CLIENT, OIDC_GROUP_MAP, oidcPort } from "./e2e/oidc/fixture";

// The browser journeys run against the real product started by `npm start`'s own launcher, on its
// own port and a fresh data folder (or the fresh database that scripts/test.ts made on DATABASE_URL).
const port = Number(process.env.E2E_PORT ?? 3199);
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "bulkhead-e2e-"));
// A real OpenID Connect provider for the single sign-on journey, on a port derived from the product's.
const idpPort = oidcPort(port);

export default defineConfig({
  testDir: "e2e",
  outputDir: "e2e/artifacts/results",
  fullyParallel: false,
  workers: 1,
  // One retry for a rare timing slip on a busy machine; `npm test` names each journey that needed it (flaky).
  retries: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "e2e/artifacts/report.json" }]],
  use: {
    baseURL: `http://localhost:${port}`,
    screenshot: "on",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      // Headless Debian Chromium as root, with nothing reaching outside loopback (see shared notes).
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  webServer: [
    {
      command: `node --import tsx e2e/oidc/provider.ts --port ${idpPort} --redirect-uri http://localhost:${port}/api/auth/callback/oidc`,
      url: `http://127.0.0.1:${idpPort}/.well-known/openid-configuration`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: "pipe",
    },
    {
      command: "node --import tsx scripts/start.ts",
      url: `http://localhost:${port}/sign-in`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: "pipe",
      env: {
        PORT: String(port),
        BULKHEAD_DATA_DIR: process.env.E2E_DATA_DIR,
        BULKHEAD_SANDBOX: "1",
        // The whole suite signs in from one address, more often than a person could.
        BULKHEAD_SIGNIN_LIMIT_PER_MINUTE: "1000",
        ...(process.env.E2E_DATABASE_URL ? { DATABASE_URL: process.env.E2E_DATABASE_URL } : {}),
        BULKHEAD_OIDC_ISSUER: `http://127.0.0.1:${idpPort}`,
        BULKHEAD_OIDC_CLIENT_ID: OIDC_CLIENT.id,
        BULKHEAD_OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
        BULKHEAD_OIDC_DISPLAY_NAME: "Example Corp SSO",
        BULKHEAD_OIDC_GROUP_MAP: JSON.stringify(OIDC_GROUP_MAP),
      },
    },
  ],
});
