import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "../..");

export function run(command: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
    child.on("error", reject);
    child.on("exit", (code, signal) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} failed (${signal ?? `exit ${code}`})`))));
  });
}

async function hashOf(entries: string[]): Promise<string> {
  const hash = createHash("sha256");
  const walk = async (relative: string): Promise<void> => {
    const full = path.join(root, relative);
    if (!existsSync(full)) return;
    const dirents = await readdir(full, { withFileTypes: true }).catch(() => null);
    if (!dirents) {
      hash.update(relative).update(await readFile(full));
      return;
    }
    for (const dirent of dirents.sort((a, b) => a.name.localeCompare(b.name))) {
      if (dirent.name === "generated" || dirent.name === "node_modules" || dirent.name.endsWith(".test.ts")) continue;
      await walk(path.join(relative, dirent.name));
    }
  };
  for (const entry of entries) await walk(entry);
  return hash.digest("hex");
}

/** Runs `step` only when the inputs changed since the stamp was written. */
async function whenChanged(stampFile: string, inputs: string[], step: () => Promise<void>): Promise<void> {
  const digest = await hashOf(inputs);
  const stamp = path.join(root, stampFile);
  if ((await readFile(stamp, "utf8").catch(() => "")) === digest) return;
  await step();
  await writeFile(stamp, digest);
}

/**
 * Prisma's CLI wants its native schema engine even for `generate`, which does not use it; pointing the
 * variable at any executable stops the download that would fail offline (see shared notes).
 */
export function generatePrismaClient(): Promise<void> {
  return whenChanged("server/db/generated/.schema-hash", ["prisma/schema.prisma", "package-lock.json"], () =>
    run("npx", ["prisma", "generate"], { PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" }),
  );
}

/** Production build of the dashboard, redone only when the sources changed. */
export function buildDashboard(): Promise<void> {
  const inputs = ["app", "server", "providers", "proxy.ts", "instrumentation-client.ts", "prisma/schema.prisma", "next.config.js", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];
  return whenChanged(".next/bulkhead-build-stamp", inputs, () => run("npx", ["next", "build"], { NEXT_TELEMETRY_DISABLED: "1" }));
}
