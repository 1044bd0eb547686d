// Emulators are independent witnesses (issue #15): a planner's mistake must not also be its emulator's, so no module an
// emulator runs may be a module a planner runs — neither the planners themselves nor the tables they judge by (the
// Fargate sizes, Cloud Run's limits). Checked over the import graph as the sources spell it: every value import,
// followed through the project's files, from each emulator and token service, against everything the plans, policy
// renderings and target descriptions of every registered provider reach (each lists its files in its provider.ts).
// Type-only imports are erased at build time and carry no rule.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROVIDER_KINDS, PROVIDERS } from "./registry";

const root = path.resolve(__dirname, "..");

/** Everything that answers as a cloud: the APIs and the token services and front doors that stand in for the provider's. */
const EMULATORS = PROVIDERS.flatMap((provider) => provider.module.files.emulators.map((file) => `providers/${file}`));

/** What decides what Bulkhead sends and calls enforced: each provider's plan, policy rendering and target description, and the shared rendering. */
const PLANNERS = [...PROVIDERS.flatMap((provider) => provider.module.files.planners.map((file) => `providers/${file}`)), "providers/policy-rendering.ts"];

/**
 * Vocabulary both sides may share because it holds no rule of any cloud: the spec's and plan's shapes and setting
 * names (types.ts, with the TLS versions it re-exports), and the error a provider call ends in (errors.ts).
 */
const VOCABULARY = new Set(["providers/types.ts", "providers/tls-versions.ts", "providers/errors.ts"]);

interface Import {
  specifier: string;
  typeOnly: boolean;
}

/** The static and dynamic imports (and re-exports) of one source file. */
function importsOf(file: string): Import[] {
  const text = fs.readFileSync(file, "utf8");
  const found: Import[] = [];
  for (const [, typeKeyword, clause = "", specifier] of text.matchAll(/^\s*(?:import|export)\s+(type\s+)?(?:([^;]*?)\s+from\s+)?["']([^"']+)["']/gm)) {
    const names = clause.trim();
    // `import { type A, type B } from …` is as erased as `import type { A, B } from …`.
    const allTypes = /^\{[\s\S]*\}$/.test(names) && names.replace(/[{}\s]/g, "").split(",").filter(Boolean).every((name) => name.startsWith("type"));
    found.push({ specifier, typeOnly: Boolean(typeKeyword) || allTypes });
  }
  for (const [, specifier] of text.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)) found.push({ specifier, typeOnly: false });
  return found;
}

/** A project file an import names (relative or through the `@/` alias); packages are outside the question. */
function resolve(from: string, specifier: string): string | undefined {
  const base = specifier.startsWith("@/") ? path.join(root, specifier.slice(2)) : specifier.startsWith(".") ? path.resolve(path.dirname(from), specifier) : undefined;
  if (!base) return undefined;
  return [`${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), base].find((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile());
}

/** Every project module that runs when `entries` are loaded, with the import chain that brought it in. */
function reach(entries: string[]): Map<string, string[]> {
  const chains = new Map<string, string[]>();
  const queue = entries.map((entry) => [path.resolve(root, entry)]);
  for (let chain = queue.shift(); chain; chain = queue.shift()) {
    const file = chain[chain.length - 1];
    if (chains.has(file)) continue;
    chains.set(file, chain);
    for (const { specifier, typeOnly } of importsOf(file)) {
      const target = typeOnly ? undefined : resolve(file, specifier);
      if (target && !chains.has(target)) queue.push([...chain, target]);
    }
  }
  return chains;
}

const relative = (file: string) => path.relative(root, file);

describe("emulators are independent of the planners", () => {
  const planner = reach(PLANNERS);

  it.each(EMULATORS)("%s runs no planner module and no table a planner uses", (entry) => {
    const emulator = reach([entry]);
    const shared = [...emulator.keys()].filter((file) => planner.has(file) && !VOCABULARY.has(relative(file))).map((file) => emulator.get(file)!.map(relative).join(" → "));
    expect(shared, "modules both an emulator and a planner run (import chain from the emulator)").toEqual([]);
  });

  it("every registered provider names its emulator and its planners, and each file exists", () => {
    for (const provider of PROVIDERS) {
      expect(provider.module.files.emulators, provider.kind).toContain(`${provider.kind}/emulator.ts`);
      expect(provider.module.files.planners, provider.kind).toContain(`${provider.kind}/plan.ts`);
      for (const file of [...provider.module.files.emulators, ...provider.module.files.planners]) expect(fs.existsSync(path.join(root, "providers", file)), file).toBe(true);
    }
  });

  it.each(PROVIDER_KINDS)("the %s emulator's own modules are followed (the check above is not vacuous)", (kind) => {
    const modules = [...reach([`providers/${kind}/emulator.ts`]).keys()].map(relative);
    expect(modules.filter((file) => file.startsWith(`providers/${kind}/emulator-`)).length).toBeGreaterThan(5);
  });

  it("the planners' side holds their tables, so an emulator importing one would be caught", () => {
    const planned = [...planner.keys()].map(relative);
    expect(planned).toEqual(expect.arrayContaining(["providers/aws-ecs/fargate.ts", "providers/gcp-cloud-run/limits.ts", "providers/azure-aci/rules.ts", "providers/aws-ecs/security-group-plan.ts", "providers/azure-aci/network-plan.ts"]));
  });

  it("an import of a planner, however it is written, is seen", () => {
    // Outside the project, so no compiler or test run sees the probe; it reaches the project through the `@/` alias.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "independence-"));
    try {
      fs.writeFileSync(path.join(dir, "probe.ts"), 'import { helper } from "./helper";');
      fs.writeFileSync(path.join(dir, "types-only.ts"), ['import type { DeploymentSpec } from "@/providers/aws-ecs/plan";', 'import {\n  type AwsCoordinates,\n} from "@/providers/aws-ecs/fargate";'].join("\n"));
      fs.writeFileSync(
        path.join(dir, "helper.ts"),
        ['import { FARGATE_MAX_MEMORY_MIB } from "@/providers/aws-ecs/fargate";', 'export { plan } from "@/providers/gcp-cloud-run/plan";', 'const later = () => import("@/providers/azure-aci/rules");'].join("\n"),
      );
      const seen = [...reach([path.join(dir, "probe.ts")]).keys()].map(relative);
      expect(seen).toEqual(expect.arrayContaining(["providers/aws-ecs/fargate.ts", "providers/gcp-cloud-run/plan.ts", "providers/azure-aci/rules.ts"]));
      expect([...reach([path.join(dir, "types-only.ts")]).keys()].map(relative)).toHaveLength(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
