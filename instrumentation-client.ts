// Runs in the browser before the app's own modules. Zod compiles object parsers with `new Function` when
// eval is allowed, and probes for it when its first schema is built; under our CSP (no 'unsafe-eval') that
// probe is blocked and reported as a violation. Jitless parsing skips the probe; forms are small.
// Zod keeps its config on this global so that every copy of zod shares it (zod/v4/core/core.js adopts an
// existing object); setting it here, instead of calling zod's config(), keeps zod's core (5 kB gzip) out
// of the runtime every page loads. instrumentation-client.test.ts checks that zod still reads it.
const zodGlobal = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
zodGlobal.__zod_globalConfig = Object.assign(zodGlobal.__zod_globalConfig ?? {}, { jitless: true });

// A module, so its test can import it; it exports nothing.
export {};
