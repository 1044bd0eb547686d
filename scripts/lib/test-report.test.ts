import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { playwrightReport, vitestReport } from "./test-report";

async function written(report: unknown): Promise<string> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), "test-report-")), "report.json");
  await writeFile(file, JSON.stringify(report));
  return file;
}

describe("the closing summary of npm test", () => {
  it("names each failed or flaky Vitest test with its error's first line, and a file that failed outside its tests", async () => {
    const file = await written({
      numPassedTests: 3,
      numFailedTests: 1,
      testResults: [
        { name: "/repo/a.int.test.ts", status: "passed", assertionResults: [{ fullName: "a works", status: "passed" }] },
        {
          name: "/repo/b.int.test.ts",
          status: "failed",
          assertionResults: [
            { fullName: "b › refuses", status: "failed", failureMessages: ["\nAssertionError: expected 1 to be 2\n    at b.int.test.ts:9"] },
            { fullName: "b › passes", status: "passed", failureMessages: [] },
            { fullName: "b › passes on its retry", status: "passed", failureMessages: ["Error: timed out waiting for the notice"] },
          ],
        },
        { name: "/repo/c.int.test.ts", status: "failed", message: "Hook timed out in 10000ms.\nstack", assertionResults: [] },
      ],
    });
    expect(await vitestReport(file)).toEqual({
      passed: 3,
      failed: 1,
      failures: ["/repo/b.int.test.ts › b › refuses: AssertionError: expected 1 to be 2", "/repo/c.int.test.ts: Hook timed out in 10000ms."],
      flaky: ["/repo/b.int.test.ts › b › passes on its retry: Error: timed out waiting for the notice"],
    });
  });

  it("names each failed or flaky Playwright journey from nested suites, without terminal colours", async () => {
    const spec = (title: string, status: string, message?: string) => ({
      title,
      file: "journey.spec.ts",
      line: 7,
      tests: [{ status, results: [{ error: message ? { message } : undefined }] }],
    });
    const file = await written({
      stats: { expected: 1, unexpected: 1, flaky: 1 },
      suites: [{ specs: [spec("passes", "expected"), spec("passes on its retry", "flaky", "Error: page title arrived late")], suites: [{ specs: [spec("fails", "unexpected", "\u001b[31mError: expect(locator).toBeVisible() failed\u001b[39m\n\nLocator: x")]}] }],
    });
    expect(await playwrightReport(file)).toEqual({
      passed: 2,
      failed: 1,
      failures: ["journey.spec.ts:7 › fails: Error: expect(locator).toBeVisible() failed"],
      flaky: ["journey.spec.ts:7 › passes on its retry: Error: page title arrived late"],
    });
  });

  it("counts a missing report as a failure, so a crashed suite cannot pass", async () => {
    const missing = path.join(tmpdir(), "no-such-report.json");
    expect((await vitestReport(missing)).failed).toBe(1);
    expect((await playwrightReport(missing)).failed).toBe(1);
  });
});
