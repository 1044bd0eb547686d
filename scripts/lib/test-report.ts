// Reads the JSON reports Vitest and Playwright write, for `npm test`'s closing summary: the counts, and each
// failed test by file and name with the first line of its error, so the end of a long CI log says what failed;
// and likewise each test that failed and then passed on its retry (flaky), so a retry never hides one.
import { readFile } from "node:fs/promises";

export type SuiteReport = { passed: number; failed: number; failures: string[]; flaky: string[] };

type VitestReport = {
  numPassedTests?: number;
  numFailedTests?: number;
  testResults?: { name: string; status: string; message?: string; assertionResults?: { fullName: string; status: string; failureMessages?: string[] }[] }[];
};

type PlaywrightSuite = {
  suites?: PlaywrightSuite[];
  specs?: { title: string; file: string; line: number; tests: { status: string; results: { error?: { message?: string } }[] }[] }[];
};
type PlaywrightReport = PlaywrightSuite & { stats?: { expected: number; unexpected: number; flaky: number } };

const MISSING: SuiteReport = { passed: 0, failed: 1, failures: ["(no report was written: the suite crashed or did not run)"], flaky: [] };

function firstLine(message: string | undefined): string {
  // Playwright's messages carry terminal colours.
  const line = (message ?? "").replace(/\u001b\[[0-9;]*m/g, "").split("\n").find((l) => l.trim()) ?? "";
  return line.trim().slice(0, 300);
}

async function readJson<T>(file: string): Promise<T | null> {
  const text = await readFile(file, "utf8").catch(() => null);
  return text ? (JSON.parse(text) as T) : null;
}

export async function vitestReport(file: string): Promise<SuiteReport> {
  const report = await readJson<VitestReport>(file);
  if (!report) return MISSING;
  const failures: string[] = [];
  const flaky: string[] = [];
  for (const result of report.testResults ?? []) {
    const failed = (result.assertionResults ?? []).filter((a) => a.status === "failed");
    for (const test of failed) failures.push(`${result.name} › ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
    // A test that passed on its retry keeps the errors of the attempts before.
    const retried = (result.assertionResults ?? []).filter((a) => a.status === "passed" && a.failureMessages?.length);
    for (const test of retried) flaky.push(`${result.name} › ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
    // A file whose hooks or imports failed has no failed test of its own.
    if (result.status === "failed" && failed.length === 0) failures.push(`${result.name}: ${firstLine(result.message)}`);
  }
  return { passed: report.numPassedTests ?? 0, failed: report.numFailedTests ?? 0, failures, flaky };
}

export async function playwrightReport(file: string): Promise<SuiteReport> {
  const report = await readJson<PlaywrightReport>(file);
  if (!report?.stats) return MISSING;
  const failures: string[] = [];
  const flaky: string[] = [];
  const walk = (suite: PlaywrightSuite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests.filter((t) => t.status === "unexpected" || t.status === "flaky")) {
        const error = test.results.map((r) => r.error?.message).find(Boolean);
        (test.status === "flaky" ? flaky : failures).push(`${spec.file}:${spec.line} › ${spec.title}: ${firstLine(error)}`);
      }
    }
    suite.suites?.forEach(walk);
  };
  walk(report);
  return { passed: report.stats.expected + report.stats.flaky, failed: report.stats.unexpected, failures, flaky };
}
