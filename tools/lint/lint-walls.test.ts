// The walls of eslint.config.js hold: each refuses a planted violation of its kind with its own message, lets the
// typed doors through, and the whole tree passes. Contract modules are also followed import by import, so what app/
// loads through them never reaches the database, Node's modules or a service (and contract.ts never reaches zod).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ESLint } from "@bulkhead/lint";
import { messages } from "../../eslint.config.js";

const root = path.resolve(import.meta.dirname, "../..");
const eslint = new ESLint({ cwd: root });

/** The messages ESLint gives `code` as if it were the file at `filePath` (relative to the repository). */
async function lint(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return result.messages.map((message) => message.message);
}

describe("the lint walls refuse a planted violation of each kind", () => {
  const planted: [string, string, string, string][] = [
    ["an app page importing a server service by value", "app/(dashboard)/planted/page.tsx", 'import { listApps } from "@/server/apps/service";', messages.appToServer],
    ["an app file importing a type from a server service", "app/_components/planted/view.tsx", 'import type { AppView } from "@/server/apps/service";', messages.appToServer],
    ["an app file loading a server module with import()", "app/_components/planted/form.tsx", 'export const load = () => import("@/server/apps/schemas");', messages.appToServer],
    ["an app file naming a server module's type with typeof import()", "app/_components/planted/form.tsx", 'type Schemas = typeof import("@/server/apps/schemas");', messages.appToServer],
    ["an app file re-exporting from server/", "app/_components/planted/labels.ts", 'export { classificationLabels } from "@/server/apps/labels";', messages.appToServer],
    ["an app file importing providers/", "app/_components/planted/kind.ts", 'import type { ProviderKind } from "@/providers/types";', messages.appToProviders],
    ["an app file importing the generated Prisma enums", "app/_components/planted/role.ts", 'import { Role } from "@/server/db/generated/enums";', messages.appToPrisma],
    ["an app file importing Prisma's client", "app/_components/planted/db.ts", 'import type { PrismaClient } from "@prisma/client";', messages.appToPrisma],
    ["an app file climbing into server/ relatively", "app/planted/climb.ts", 'import { x } from "../../server/x";', messages.appToServer],
    ["a route handler importing a server module outside server/web", "app/api/planted/route.ts", 'import { exportAuditEvents } from "@/server/audit/export";', messages.routeToServer],
    ["api-types.ts importing the router by value", "app/_lib/api-types.ts", 'import { appRouter } from "@/server/routers";', messages.apiTypesValues],
    ["providers/ importing server/", "providers/aws-ecs/planted.ts", 'import { db } from "@/server/db/client";', messages.providersWall],
    ["providers/ climbing into server/ relatively", "providers/aws-ecs/planted.ts", 'import { x } from "../../server/x";', messages.providersWall],
    ["providers/ importing Prisma", "providers/aws-ecs/planted.ts", 'import { PrismaClient } from "@prisma/client";', messages.providersWall],
    ["providers/ importing prisma/", "providers/planted.ts", 'import seed from "@/prisma/seed";', messages.providersWall],
    ["providers/ importing app/", "providers/planted.ts", 'import { x } from "@/app/_lib/x";', messages.providersWall],
    ["oci/ importing server/", "oci/client/planted.ts", 'import { db } from "@/server/db/client";', messages.ociWall],
    ["oci/ importing Prisma", "oci/build/planted.ts", 'import { PrismaClient } from "@prisma/client";', messages.ociWall],
    ["oci/ climbing into app/ relatively", "oci/client/planted.ts", 'import { x } from "../../app/_lib/x";', messages.ociWall],
    ["the registry emulator importing server/", "oci/emulator/planted.ts", 'import { x } from "@/server/x";', messages.ociWall],
    ["the registry emulator importing the registry client", "oci/emulator/planted.ts", 'import { parseReference } from "@/oci/client/reference";', messages.ociEmulatorWitness],
    ["the registry emulator climbing into the image builder", "oci/emulator/planted.ts", 'export { buildImage } from "../build/image";', messages.ociEmulatorWitness],
    ["the registry emulator loading the client with import()", "oci/emulator/planted.ts", 'export const load = () => import("../client/client");', messages.ociEmulatorWitness],
    ["server/ importing app/", "server/apps/planted.ts", 'import { AppsTable } from "@/app/_components/apps/apps-table";', messages.serverToApp],
    ["a contract module re-exporting a service", "server/apps/contract.ts", 'export { listApps } from "./service";', messages.contract],
    ["a contract.ts re-exporting zod schemas (they belong in contract-schemas.ts)", "server/apps/contract.ts", 'export { appFields } from "./schemas";', messages.contract],
    ["a contract module importing the database", "server/apps/contract-schemas.ts", 'import { db } from "@/server/db/client";', messages.contract],
    ["`as unknown as`", "server/apps/planted.ts", "export const y = (x: number) => x as unknown as string;", messages.unknownCast],
  ];

  it.each(planted)("%s", async (_kind, filePath, code, message) => {
    const found = await lint(filePath, code);
    // no-restricted-imports puts its own words first ("'x' import is restricted from being used by a pattern.").
    expect(found.some((text) => text.endsWith(message)), found.join("\n")).toBe(true);
  });

  const allowed: [string, string, string][] = [
    ["an app file importing a contract module", "app/_components/planted/labels.tsx", 'import { classificationLabels, type DataClassification } from "@/server/apps/contract";'],
    ["an app form loading a domain's schemas lazily", "app/_components/planted/form.tsx", 'export const load = () => import("@/server/apps/contract-schemas");'],
    ["an app file taking router types from api-types", "app/_components/planted/view.tsx", 'import type { AppView, RouterOutputs } from "@/app/_lib/api-types";'],
    ["api-types.ts taking the router's type", "app/_lib/api-types.ts", 'import type { AppRouter } from "@/server/routers";'],
    ["the server caller", "app/_lib/server-caller.ts", 'import { createCaller } from "@/server/routers";\nimport { createContext } from "@/server/trpc/context";'],
    ["a route handler importing server/web", "app/api/planted/route.ts", 'import { healthResponse } from "@/server/web/probes";'],
    ["providers/ importing providers/", "providers/aws-ecs/planted.ts", 'import type { DeploymentSpec } from "../types";'],
    ["the image builder importing the registry client", "oci/build/planted.ts", 'import { RegistrySession } from "@/oci/client/session";'],
    ["the registry emulator importing its own modules", "oci/emulator/planted.ts", 'import { RegistryStore } from "./store";'],
    ["a contract.ts taking types from ./schemas", "server/apps/contract.ts", 'export type { CreateAppInput } from "./schemas";'],
    ["a single cast", "server/apps/planted.ts", "export const y = (x: unknown) => x as string;"],
  ];

  it.each(allowed)("but lets through %s", async (_kind, filePath, code) => {
    expect(await lint(filePath, code)).toEqual([]);
  });
});

describe("the tree", () => {
  it("passes every wall", { timeout: 300_000 }, async () => {
    const results = await eslint.lintFiles(["."]);
    const errors = results.flatMap((result) =>
      result.messages.filter((message) => message.severity === 2).map((message) => `${path.relative(root, result.filePath)}:${message.line}: ${message.message}`),
    );
    if (errors.length) console.error(errors.join("\n"));
    expect(errors).toEqual([]);
    expect(results.length).toBeGreaterThan(500);
  });

  it("loads nothing server-only through a contract module", () => {
    const contracts = listContracts();
    expect(contracts.length).toBeGreaterThan(10);
    for (const contract of contracts) {
      const zodFree = contract.endsWith("/contract.ts");
      for (const [file, source] of importsReached(contract)) {
        const where = `${contract} reaches ${source} (in ${file})`;
        expect(source.startsWith("node:") || /^(@prisma\/|pg$|prisma$)/.test(source), where).toBe(false);
        if (zodFree) expect(source, where).not.toBe("zod");
      }
    }
  });
});

function listContracts(): string[] {
  return readdirSync(path.join(root, "server")).flatMap((domain) =>
    ["contract.ts", "contract-schemas.ts"].map((name) => `server/${domain}/${name}`).filter((file) => existsSync(path.join(root, file))),
  );
}

/** Every [file, import source] reached from `start` through value imports (type-only ones are erased). */
function importsReached(start: string): [string, string][] {
  const seen = new Set<string>();
  const found: [string, string][] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    expect(file.startsWith("server/db/") && file !== "server/db/generated/enums.ts", `${start} reaches ${file}`).toBe(false);
    expect(/\/(service|queries|commands|worker)\.ts$/.test(file), `${start} reaches ${file}`).toBe(false);
    const text = readFileSync(path.join(root, file), "utf8");
    for (const [, kind, source] of text.matchAll(/^(?:import|export)(\s+type)?\s[^;]*?from\s+"([^"]+)"/gms)) {
      if (kind) continue;
      const local = source.startsWith("@/") ? source.slice(2) : source.startsWith(".") ? path.join(path.dirname(file), source) : null;
      if (!local) {
        found.push([file, source]);
        continue;
      }
      const next = [`${local}.ts`, `${local}.tsx`, `${local}/index.ts`].find((candidate) => existsSync(path.join(root, candidate)));
      expect(next, `${file} imports ${source}`).toBeDefined();
      visit(next!);
    }
  };
  visit(start);
  return found;
}
