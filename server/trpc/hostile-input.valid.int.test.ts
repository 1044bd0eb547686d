import fc from "fast-check";
import { describe, it } from "vitest";
import { hostileHarness, PROPERTY_TIMEOUT_MS, proceduresWithInput, RUNS } from "@/testing/hostile-harness";
import { zodArbitrary } from "@/testing/zod-arbitrary";

// Every procedure that takes input, fed over HTTP (tRPC's fetch adapter, the app's router, a signed-in user
// of a role the matrix allows) with inputs its schema accepts, drawn from the schema itself with ids of real
// rows mixed in: the answer is a 2xx or a 4xx domain refusal, never a 5xx, and a refusal writes nothing.
// Malformed inputs: hostile-input.malformed.int.test.ts.

const harness = hostileHarness("schema-valid");

describe.each(proceduresWithInput.map((procedure) => [procedure.path, procedure] as const))("%s", (_path, procedure) => {
  it(`answers ${RUNS} inputs its schema accepts with a 2xx or a 4xx domain refusal, never a 500`, async () => {
    const current = { counts: await harness.rowCounts() };
    await fc.assert(
      fc.asyncProperty(zodArbitrary(procedure.input, { ids: harness.ids }), (value) => harness.callAndCheck(procedure, value, current)),
      { numRuns: RUNS },
    );
  }, PROPERTY_TIMEOUT_MS);
});
