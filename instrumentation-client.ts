import { config } from "zod/v4/core";

// Runs in the browser before the app's own modules. Zod compiles object parsers with `new Function` when
// eval is allowed, and probes for it when its first schema is built; under our CSP (no 'unsafe-eval') that
// probe is blocked and reported as a violation. Jitless parsing skips the probe; forms are small. Only
// zod's config function is imported here, so the schemas stay out of pages without forms.
config({ jitless: true });
