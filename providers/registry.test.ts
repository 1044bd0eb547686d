// The claim of issue #21 made checkable: every registered provider describes itself completely (its module's members
// agree with one another), and nothing outside providers/ but tests names a provider, so a new provider is its folder
// and its line in ./registry.ts.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { credentialIdentity, displayNameOf, identityFieldsOf, PROVIDER_KINDS, PROVIDERS, providerDescriptors, providerFor, tlsInfrastructure } from "./registry";

const root = path.resolve(__dirname, "..");

/** The schema at a dotted path inside an object schema (through optional wrappers), or undefined. */
function schemaAt(schema: z.ZodType, dotted: string): z.ZodType | undefined {
  let node: z.ZodType | undefined = schema;
  for (const key of dotted.split(".")) {
    while (node instanceof z.ZodOptional || node instanceof z.ZodDefault) node = node.unwrap() as z.ZodType;
    if (!(node instanceof z.ZodObject)) return undefined;
    node = node.shape[key];
  }
  return node;
}

describe.each(PROVIDERS.map((provider) => [provider.kind, provider] as const))("the %s provider's module", (kind, { module }) => {
  it("names itself: a kind of lowercase letters, digits and hyphens, and a display name", () => {
    expect(kind).toMatch(/^[a-z][a-z0-9-]*[a-z0-9]$/);
    expect(module.kind).toBe(kind);
    expect(module.displayName.trim()).not.toBe("");
    expect(module.adapter.kind).toBe(kind);
  });

  it("has coordinate and credential schemas whose kind is its own, the coordinates with a region", () => {
    expect(module.coordinates.shape.kind.value).toBe(kind);
    expect(module.coordinates.shape.region).toBeDefined();
    expect(module.credentials.shape.kind.value).toBe(kind);
  });

  it("has identity fields that are coordinates, the region among them", () => {
    expect(module.identityFields).toContain("region");
    for (const field of module.identityFields) expect(module.coordinates.shape, field).toHaveProperty(field);
  });

  it("has form fields each at a path its schemas take, under the group it is shown in, with distinct labels", () => {
    const groups = [
      ["coordinates", module.form.coordinates, module.coordinates],
      ["coordinates", module.form.tls, module.coordinates],
      ["credentials", module.form.credentials, module.credentials],
    ] as const;
    for (const [prefix, fields, schema] of groups) {
      for (const [field] of fields) {
        expect(field.startsWith(`${prefix}.`), field).toBe(true);
        expect(schemaAt(schema, field.slice(prefix.length + 1)), field).toBeDefined();
      }
    }
    const labels = [...module.form.coordinates, ...module.form.credentials, ...module.form.tls].map(([, label]) => label);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels.every((label) => label.trim() !== "")).toBe(true);
  });

  it("loads its emulator on demand, and names the files that answer as the cloud and those that plan", async () => {
    expect(typeof (await module.emulator()).startEmulator).toBe("function");
    expect(typeof module.sandbox).toBe("function");
    expect(module.files.emulators.length).toBeGreaterThan(0);
    expect(module.files.planners.length).toBeGreaterThan(0);
    for (const file of [...module.files.emulators, ...module.files.planners]) expect(file.startsWith(`${kind}/`), file).toBe(true);
  });
});

describe("the registry", () => {
  it("holds each kind and each display name once", () => {
    expect(new Set(PROVIDER_KINDS).size).toBe(PROVIDERS.length);
    expect(new Set(PROVIDERS.map((provider) => provider.module.displayName)).size).toBe(PROVIDERS.length);
  });

  it("refuses a kind it does not hold, naming it", () => {
    expect(() => providerFor("mainframe")).toThrow(/mainframe/);
    expect(displayNameOf("mainframe")).toBe("mainframe");
  });

  it("gives each provider only its own values", () => {
    const [first, second] = PROVIDERS;
    const bare = { kind: second.kind, region: "eu-west-1" };
    expect(() => first.tlsInfrastructure(bare)).toThrow(new RegExp(`${second.kind}.*${first.kind}`));
    expect(() => first.credentialIdentity({ kind: second.kind })).toThrow(new RegExp(first.kind));
  });

  it("dispatches by kind: identity fields start with kind, names and TLS words come from the provider", () => {
    for (const kind of PROVIDER_KINDS) expect(identityFieldsOf(kind).slice(0, 2)).toEqual(["kind", "region"]);
    expect(tlsInfrastructure({ kind: "gcp-cloud-run", region: "europe-west1", projectId: "bulkhead-prod" })).toEqual(["managed HTTPS"]);
    expect(credentialIdentity({ kind: "azure-aci", accessToken: "t" })).toBe("a static access token");
  });

  it("describes the providers to the browser as plain data: the same after a JSON round trip, identity fields as form paths", () => {
    const descriptors = providerDescriptors();
    expect(JSON.parse(JSON.stringify(descriptors))).toEqual(descriptors);
    expect(descriptors.map((descriptor) => descriptor.kind)).toEqual([...PROVIDER_KINDS]);
    for (const descriptor of descriptors) {
      const paths = [...descriptor.form.coordinates, ...descriptor.form.tls].map(([field]) => field);
      for (const identity of descriptor.identityPaths) expect(identity === "region" || paths.includes(identity), identity).toBe(true);
    }
  });
});

/**
 * Outside providers/, only tests (and their support in testing/ and e2e/) may name a provider; generated files say
 * what the served API says. Named here: benchmarks spreading one cloud's share over its quota, and the test runner's
 * config, whose table of the longest test files names some providers' tests.
 */
const NAMING_ALLOWED = new Set(["cli/api/openapi.ts", "bench/p5-deploy-throughput.ts", "vitest.config.ts"]);
const isTest = (file: string) => /\.(test|int\.test|spec)\.tsx?$/.test(file) || /^(testing|e2e)\//.test(file);

describe("outside providers/, nothing but tests names a provider", () => {
  const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "*.ts", "*.tsx", "*.js", "*.mjs"], { cwd: root, encoding: "utf8" })
    .split("\n")
    .filter((file) => file && !file.startsWith("providers/") && !file.startsWith("server/db/generated/") && !isTest(file) && !NAMING_ALLOWED.has(file) && fs.existsSync(path.join(root, file)));

  it("finds the sources it checks (the check is not vacuous)", () => {
    expect(files).toEqual(expect.arrayContaining(["server/targets/schemas.ts", "app/_components/targets/target-form.tsx", "scripts/emulator.ts", "server/sandbox/clouds.ts"]));
  });

  it.each(PROVIDER_KINDS)("no source spells %s or imports its folder", (kind) => {
    // A package scope that happens to be a kind (say @kubernetes/client-node in next.config.js) names a package, not the provider.
    const spelled = new RegExp(`(?<!@)${kind}`);
    const naming = files.filter((file) => spelled.test(fs.readFileSync(path.join(root, file), "utf8")));
    expect(naming, `files naming "${kind}": read it from providers/registry.ts instead`).toEqual([]);
  });
});
