import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CliError } from "./exit";
import { DEFAULT_SETTINGS, parseEnv, settingsFrom, type Settings } from "./settings";

const image = `registry.example.com/shop@sha256:${"a".repeat(64)}`;
const current: Settings = { image, cpu: 1, memoryMiB: 2048, port: 9000, env: { A: "1", B: "2" }, minInstances: 2, maxInstances: 4, ingress: "internal", healthCheckPath: "/ready" };

async function refusal(work: Promise<unknown>): Promise<CliError> {
  const error = await work.then(() => null, (e: unknown) => e);
  if (!(error instanceof CliError)) throw new Error(`expected a CliError, got ${String(error)}`);
  return error;
}

describe("a deploy's settings from the command line", () => {
  it("start from the defaults for a first deploy, which needs an image", async () => {
    expect(await settingsFrom({ image }, null)).toEqual({ ...DEFAULT_SETTINGS, image });
    expect(await refusal(settingsFrom({}, null))).toMatchObject({ code: 2, message: expect.stringContaining("--image is required") });
  });

  it("keep what the deployment runs, with the flags on top", async () => {
    expect(await settingsFrom({ max: "6", cpu: "2" }, current)).toEqual({ ...current, maxInstances: 6, cpu: 2 });
  });

  it("replace the plain variables with --env-file, and add --env on top", async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), "bulkhead-env-"));
    const file = path.join(folder, ".env");
    await writeFile(file, "# the shop\nGREETING=hello world\n\nURL=https://x.example/?a=b\n");
    expect((await settingsFrom({ envFile: file, env: ["EXTRA=1", "GREETING=hi"] }, current)).env).toEqual({ GREETING: "hi", URL: "https://x.example/?a=b", EXTRA: "1" });
    expect((await settingsFrom({ env: ["C=3"] }, current)).env).toEqual({ A: "1", B: "2", C: "3" });
  });

  it("refuse a number flag that is not one, and an env line without =, naming its line (exit 2)", async () => {
    expect(await refusal(settingsFrom({ image, memory: "lots" }, null))).toMatchObject({ code: 2, message: "--memory must be a number, not lots" });
    expect(() => parseEnv("A=1\nB\n", ".env")).toThrow(".env:2: expected NAME=value");
  });
});
