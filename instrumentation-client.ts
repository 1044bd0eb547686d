import { z } from "zod";

// Runs in the browser before the app's own modules. Zod compiles object parsers with `new Function` when
// eval is allowed, and probes for it when its first schema is built; under our CSP (no 'unsafe-eval') that
// probe is blocked and reported as a violation. Jitless parsing skips the probe; forms are small.
z.config({ jitless: true });
