// The walls between the parts (README, "Rules the code keeps"), checked by ESLint: `npm run lint`, and in `npm test`
// through tools/lint/lint-walls.test.ts. ESLint and typescript-eslint's parser come from @bulkhead/lint
// (tools/lint), which holds the TypeScript 5 JavaScript API the parser needs; the repository's TypeScript 7 has none.
// Syntax only: no type-aware rule, no `project`, so the whole tree (about 800 files) takes some 15 s of CPU.
//
// Core rules rather than eslint-plugin-boundaries: the walls are a handful of path patterns on import sources, which
// `no-restricted-imports` (regex patterns, a message each, `allowTypeImports`) says in this one file with no resolver
// settings and no further dependency. That rule sees `import`/`export … from` only, so `no-restricted-syntax` applies
// the same patterns to `import()` calls and `typeof import()` types. `as unknown as` is its own small rule below.
import { typescriptParser } from "@bulkhead/lint";

const README = "see README 'Rules the code keeps'";

/** Import sources reaching a top-level folder, by the `@/` alias or by a relative climb (`../../server/x`). */
const reaching = (folder, except = "") => `^(@/${folder}|(\\.\\./)+${folder})${except}(/|$)`;

export const messages = {
  appToServer: `app/ reaches server/ only through contract modules (server/<domain>/contract.ts and contract-schemas.ts), app/_lib/api-types.ts and app/_lib/server-caller.ts; ${README}`,
  appToProviders: `app/ never imports providers/: provider values come from a contract module (server/targets/contract.ts), types from app/_lib/api-types.ts; ${README}`,
  appToPrisma: `app/ never imports Prisma (server/db, @prisma/*, prisma/), values or types: enums come from contract modules, row types from app/_lib/api-types.ts; ${README}`,
  routeToServer: `A route handler (app/api/**/route.ts) reaches server/ only through server/web/ (the HTTP door); ${README}`,
  apiTypesValues: `app/_lib/api-types.ts takes only types from the router (import type { AppRouter } from "@/server/routers"); ${README}`,
  providersWall: `providers/ knows nothing of server/, app/ or Prisma: an adapter takes a normalized spec (providers/types.ts) and answers in provider terms; ${README}`,
  ociWall: `oci/ knows nothing of server/, app/ or Prisma: the registry client, builder and emulator take references and bytes and answer in OCI terms; ${README}`,
  ociEmulatorWitness: `oci/emulator/ is an independent witness: it follows the OCI distribution-spec and never imports the registry client (oci/client/) or the image builder (oci/build/); ${README}`,
  serverToApp: `server/ never imports app/: app/ depends on server/ (tRPC, contract modules), never the reverse; ${README}`,
  contract: `A contract module is client-safe: contract.ts re-exports only its domain's pure leaves (./labels and the others listed in eslint.config.js; types only from ./schemas), contract-schemas.ts only ./schemas and zod; both may use other contract modules, @/providers/types and @/server/db/generated/enums; never the Prisma client, the database, node: modules or services; ${README}`,
  unknownCast: `No \`as unknown as\`: a double cast hides a type error. Parse the value (zod), narrow it, or give the function the type it really returns; ${README}`,
};

// Prisma: the generated client and the database modules (server/db/**), Prisma's packages, the prisma/ folder.
const prisma = { regex: `^(${reaching("server/db").slice(1)}|${reaching("prisma").slice(1)}|@prisma/|prisma(/|$))`, message: messages.appToPrisma };
const appToProviders = { regex: reaching("providers"), message: messages.appToProviders };
/** What oci/ may not reach: server/, app/, prisma/ and Prisma's packages. */
const ociOutside = ["server", "app", "prisma"].map((folder) => ({ regex: reaching(folder), message: messages.ociWall })).concat({ regex: "^(@prisma/|prisma(/|$))", message: messages.ociWall });
/** server/ except server/db (Prisma's own message) and the modules `allowed` (a regex alternation under server/). */
const serverExcept = (allowed, message) => ({ regex: reaching("server", `(?!/db(/|$))(?!/(${allowed})$)`), message });
/** A domain's contract modules: contract.ts (zod-free: labels, enums, limits) and contract-schemas.ts (its input schemas). */
const CONTRACT = "[a-z][a-z-]*/contract(-schemas)?";

// Pure leaves a contract.ts may re-export from besides ./labels: plain constants and functions, each importing at most
// types, the generated enums or providers/types. contract.ts takes only types from ./schemas: it stays zod-free, so
// it may sit in any page's first load; the schemas themselves are in contract-schemas.ts, which forms load lazily.
const contractLeaves = ["labels", "credential-limits", "role-labels", "sso-messages", "abilities", "expiry", "filter-query", "spec", "end-of-life", "lifecycle", "rebase-due", "unverified-base-rules", "classification-change-rules", "fingerprint"];
const contractShared = ["@/providers/types", "@/server/db/generated/enums", `@/server/${CONTRACT}`, `\\.\\./${CONTRACT}`, `\\./contract(-schemas)?`];
const contractOnly = (allowed) => ({ regex: `^(?!(${[...contractShared, ...allowed].join("|")})$)`, message: messages.contract });

/** One wall: for `files`, the import sources `patterns` refuse, as static imports, re-exports, `import()` and `typeof import()`. */
function wall(files, patterns, ignores = []) {
  const esquery = (regex) => regex.replaceAll("/", "\\/");
  return {
    files,
    ignores,
    rules: {
      "no-restricted-imports": ["error", { patterns: patterns.map(({ regex, message, allowTypeImports }) => ({ regex, message, ...(allowTypeImports && { allowTypeImports }) })) }],
      "no-restricted-syntax": [
        "error",
        ...patterns.flatMap(({ regex, message }) => [
          { selector: `ImportExpression[source.value=/${esquery(regex)}/]`, message },
          { selector: `TSImportType[argument.literal.value=/${esquery(regex)}/]`, message },
        ]),
      ],
    },
  };
}

/** `x as unknown as T` (and `<T><unknown>x`): the inner cast to unknown under a second cast. */
const noUnknownCast = {
  meta: { type: "problem", schema: [], messages: { unknownCast: messages.unknownCast } },
  create(context) {
    const check = (node) => {
      const inner = node.expression;
      if ((inner.type === "TSAsExpression" || inner.type === "TSTypeAssertion") && inner.typeAnnotation.type === "TSUnknownKeyword") {
        context.report({ node, messageId: "unknownCast" });
      }
    };
    return { TSAsExpression: check, TSTypeAssertion: check };
  },
};

const SOURCES = ["**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"];
const APP_SPECIAL = ["app/_lib/api-types.ts", "app/_lib/server-caller.ts", "app/api/**/route.ts"];

export default [
  {
    // Generated code, build output, installed packages, data and test artifacts.
    ignores: [
      "**/node_modules/**",
      ".next/**",
      ".data/**",
      "test-results/**",
      "playwright-report/**",
      "e2e/artifacts/**",
      "server/db/generated/**",
      "cli/api/openapi.ts",
      "cli/dist/**",
      "next-env.d.ts",
      "**/*.tsbuildinfo",
    ],
  },
  {
    files: SOURCES,
    languageOptions: { parser: typescriptParser, ecmaVersion: "latest", sourceType: "module" },
    // Only the walls run here, so a directive for another rule (kept for editors) is not "unused".
    linterOptions: { reportUnusedDisableDirectives: "off" },
    plugins: { bulkhead: { rules: { "no-unknown-cast": noUnknownCast } } },
  },
  // The pending files are paths, not globs: `[id]` and `(dashboard)` are escaped.
  { files: SOURCES, rules: { "bulkhead/no-unknown-cast": "error" } },

  // a. app/ reaches server/ through contract modules only; three files are the typed door itself.
  wall(["app/**"], [appToProviders, prisma, serverExcept(CONTRACT, messages.appToServer)], APP_SPECIAL),
  wall(["app/_lib/api-types.ts"], [
    appToProviders,
    prisma,
    serverExcept(`${CONTRACT}|routers`, messages.appToServer),
    { regex: "^@/server/routers$", message: messages.apiTypesValues, allowTypeImports: true },
  ]),
  wall(["app/_lib/server-caller.ts"], [appToProviders, prisma, serverExcept(`${CONTRACT}|routers|trpc/context`, messages.appToServer)]),
  wall(["app/api/**/route.ts"], [appToProviders, prisma, serverExcept("web/.+", messages.routeToServer)]),

  // b. providers/ knows nothing of server/, app/ or Prisma.
  wall(["providers/**"], ["server", "app", "prisma"].map((folder) => ({ regex: reaching(folder), message: messages.providersWall })).concat({ regex: "^(@prisma/|prisma(/|$))", message: messages.providersWall })),

  // b2. oci/ (the registry client, image builder and registry emulator) likewise; the emulator, a witness, also never
  // reaches the client or the builder (a later block's rule replaces an earlier one's, so its wall repeats the first).
  wall(["oci/**"], ociOutside, ["oci/emulator/**"]),
  wall(["oci/emulator/**"], [...ociOutside, { regex: "^(@/oci/(client|build)|(\\.\\./)+(oci/)?(client|build))(/|$)", message: messages.ociEmulatorWitness }]),

  // c. server/ never imports app/, its tests included: they reach the route handlers through testing/app-routes.ts.
  wall(["server/**"], [{ regex: reaching("app"), message: messages.serverToApp }], ["server/*/contract.ts", "server/*/contract-schemas.ts"]),
  // Contract modules are what app/ may import: client-safe by construction (and server/, so no app/ either).
  wall(["server/*/contract.ts"], [
    { regex: reaching("app"), message: messages.serverToApp },
    contractOnly([`\\./(${contractLeaves.join("|")}|schemas)`]),
    { regex: "^\\./schemas$", message: messages.contract, allowTypeImports: true },
  ]),
  wall(["server/*/contract-schemas.ts"], [{ regex: reaching("app"), message: messages.serverToApp }, contractOnly(["zod", "\\./(label-)?schemas"])]),
];
