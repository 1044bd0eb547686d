// `npm test`: unit and integration tests (Vitest), then browser journeys (Playwright in Debian's
// Chromium), ending with one summary line. Integration and browser tests use DATABASE_URL's server
// when it is set (fresh databases on it) and embedded Postgres otherwise.
import "./lib/supported-node";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { buildDashboard, generatePrismaClient, root, run } from "./lib/prepare";
import { playwrightReport, vitestReport } from "./lib/test-report";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Runs one suite; a failing suite does not stop the next, so one run shows everything. */
async function suite(name: string, step: () => Promise<void>): Promise<boolean> {
  console.log(`\n=== ${name} ===`);
  return step().then(
    () => true,
    (error: Error) => (console.error(`${name}: ${error.message}`), false),
  );
}

async function browserSuite() {
  let e2eDatabase: { server: string; name: string } | null = null;
  const env: Record<string, string> = {};
  if (process.env.DATABASE_URL) {
    const { createDatabase, withDatabaseName } = await import("@/server/db/database-admin");
    e2eDatabase = { server: process.env.DATABASE_URL, name: `bulkhead_e2e_${randomBytes(4).toString("hex")}` };
    await createDatabase(e2eDatabase.server, e2eDatabase.name);
    env.E2E_DATABASE_URL = withDatabaseName(e2eDatabase.server, e2eDatabase.name);
  }
  try {
    await run("npx", ["playwright", "test"], env);
  } finally {
    if (e2eDatabase) {
      const { dropDatabase } = await import("@/server/db/database-admin");
      await dropDatabase(e2eDatabase.server, e2eDatabase.name);
    }
  }
}

async function main() {
  if (!existsSync(chromium)) {
    console.error(
      `Chromium was not found at ${chromium}; the browser tests need it.\n` +
        `Fix: install Debian's Chromium with \`sudo apt-get install -y chromium\` (or set CHROMIUM_PATH to a Chromium binary).`,
    );
    process.exit(1);
  }
  await mkdir(path.join(root, "test-results"), { recursive: true });
  await generatePrismaClient();
  // Built once, first: the process-level integration tests (server/runtime/*.int.test.ts) start the product
  // with its own launcher, and the browser tests serve the same build.
  await buildDashboard();

  const unitOk = await suite("unit and integration tests (Vitest)", () =>
    run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/vitest.json"]),
  );
  const e2eOk = await suite("browser tests (Playwright, Chromium)", browserSuite);

  const vitest = await vitestReport(path.join(root, "test-results/vitest.json"));
  const playwright = await playwrightReport(path.join(root, "e2e/artifacts/report.json"));
  const listed = (title: string, lines: string[], mark: string) =>
    lines.length && console.log(`\n${title}\n${lines.map((line) => `  ${mark} ${line.replace(`${root}/`, "")}`).join("\n")}`);
  listed("Passed only on a retry (flaky: each is a bug to fix, in the test or the product):", [...vitest.flaky, ...playwright.flaky], "⚠");
  listed("Failed:", [...vitest.failures, ...playwright.failures], "✘");
  const [vPassed, vFailed, pPassed, pFailed] = [vitest.passed, vitest.failed, playwright.passed, playwright.failed];
  console.log(`\nVitest: ${vPassed} passed, ${vFailed} failed. Playwright: ${pPassed} passed, ${pFailed} failed. Screenshots: e2e/artifacts/screenshots/`);
  // A suite that failed without a failing test (it crashed, or wrote no report) counts as one failure.
  const crashed = Number(!unitOk && !vFailed) + Number(!e2eOk && !pFailed);
  const failed = vFailed + pFailed + crashed;
  console.log(`${vPassed + pPassed} passed, ${failed} failed`);
  process.exit(unitOk && e2eOk && failed === 0 ? 0 : 1);
}

void main();
