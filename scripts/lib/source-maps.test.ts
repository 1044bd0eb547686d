import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { root } from "./prepare";

// What a process started like `npm start` keeps: in a Node process of its own with tsx (as package.json's start),
// a package file that names its source map, and one of Bulkhead's own TypeScript files.
const probe = (setUp: string) =>
  JSON.parse(
    execFileSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "--input-type=module",
        "-e",
        `${setUp}
        const { createRequire, findSourceMap } = await import("node:module");
        const packageFile = createRequire(import.meta.url).resolve("@azure/core-rest-pipeline");
        await import(packageFile);
        const ownFile = ${JSON.stringify(path.join(root, "scripts/lib/supported-node.ts"))};
        await import(ownFile);
        console.log(JSON.stringify({ packageFile, packageMapped: findSourceMap(packageFile) !== undefined, ownMapped: findSourceMap(ownFile) !== undefined }));`,
      ],
      { cwd: root, encoding: "utf8" },
    ),
  ) as { packageFile: string; packageMapped: boolean; ownMapped: boolean };

describe("source maps in the launcher's process", () => {
  it("scripts/start.ts sets them up right after the Node version check, before anything else loads", () => {
    const imports = readFileSync(path.join(root, "scripts/start.ts"), "utf8").match(/^import .*$/gm)!;
    expect(imports.slice(0, 2)).toEqual(['import "./lib/supported-node";', 'import "./lib/source-maps";']);
  });

  it("keeps the maps of Bulkhead's own code, not those of packages", () => {
    const seen = probe(`await import(${JSON.stringify(path.join(root, "scripts/lib/source-maps.ts"))});`);
    expect(seen.packageFile).toMatch(/node_modules/);
    expect(seen).toMatchObject({ packageMapped: false, ownMapped: true });
  });

  it("without it, tsx's setting keeps the package's map too", () => {
    expect(probe("")).toMatchObject({ packageMapped: true, ownMapped: true });
  });
});
