import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { authorizationMatrix, expectedOutcome, ROLES, type MatrixEntry } from "@/testing/authorization-matrix";
import { describeAnswer, hostileHarness, PROPERTY_TIMEOUT_MS, proceduresWithInput, RUNS } from "@/testing/hostile-harness";
import { hostileArbitrary, pollutingObject, strangeValue } from "@/testing/hostile-values";
import { trpcHttp } from "@/testing/http";
import { listProcedures } from "@/testing/procedures";
import { zodArbitrary } from "@/testing/zod-arbitrary";

// Every procedure that takes input, fed over HTTP (tRPC's fetch adapter, the app's router, a signed-in user
// of a role the matrix allows, so the input is judged, not the role) with malformed input: anything at all,
// wrong types, missing fields, huge and odd Unicode strings, __proto__ keys, deep nesting. Never a 5xx; a
// schema refusal is a 400 naming each field and why; a refused call changes no row and writes no "ok" audit
// event; nothing pollutes Object.prototype. Schema-valid inputs: hostile-input.valid.int.test.ts.

const harness = hostileHarness("malformed");
const matrix: Record<string, MatrixEntry | undefined> = authorizationMatrix;

describe.each(proceduresWithInput.map((procedure) => [procedure.path, procedure] as const))("%s", (_path, procedure) => {
  it(`answers ${RUNS} malformed inputs with a 4xx naming the field, never a 500 or a write`, async () => {
    const current = { counts: await harness.rowCounts() };
    await fc.assert(
      fc.asyncProperty(hostileArbitrary(zodArbitrary(procedure.input, { ids: harness.ids })), (value) => harness.callAndCheck(procedure, value, current)),
      { numRuns: RUNS },
    );
  }, PROPERTY_TIMEOUT_MS);
});

describe("procedures that take no input", () => {
  const withoutInput = listProcedures().filter((procedure) => procedure.input === null);
  it.each(withoutInput.map((procedure) => [procedure.path, procedure] as const))("%s ignores or refuses whatever input arrives, never a 5xx", async (path, procedure) => {
    const entry = matrix[path];
    const role = ROLES.find((r) => entry && expectedOutcome(entry, r, "own") === "allowed");
    if (!role) throw new Error(`${path}: no role may call it (or it has no entry in the authorization matrix)`);
    const actor = harness.person(role).actor;
    for (const value of fc.sample(strangeValue, { numRuns: 30, seed: path.length })) {
      const answer = await trpcHttp({ path, type: procedure.type as "query" | "mutation", input: value }, { actor });
      expect(answer.status, `${path}: ${describeAnswer(answer)}`).toBeLessThan(500);
    }
  });
});

describe("malformed transport, through the route handler with a session cookie", () => {
  const mutation = proceduresWithInput.find((p) => p.type === "mutation")!;
  const query = proceduresWithInput.find((p) => p.type === "query")!;
  const cookie = () => harness.callerFor(mutation.path).cookie;
  const cases: [string, Parameters<typeof trpcHttp>[0]][] = [
    ["a body that is not JSON", { path: mutation.path, type: "mutation", body: "{not json" }],
    ["a body without the transformer's envelope", { path: mutation.path, type: "mutation", body: JSON.stringify({ name: "x" }) }],
    ["a body with polluting keys", { path: mutation.path, type: "mutation", body: JSON.stringify({ json: pollutingObject(), meta: { values: { __proto__: ["Date"] } } }) }],
    ["superjson meta naming unknown types", { path: mutation.path, type: "mutation", body: JSON.stringify({ json: { a: 1 }, meta: { values: { a: ["custom", "nope"] } } }) }],
    ["a query input that is not JSON", { path: query.path, type: "query", body: "%%%" }],
    ["a mutation sent as GET", { path: mutation.path, type: "query", input: {} }],
    ["a query sent as POST", { path: query.path, type: "mutation", input: {} }],
    ["a procedure that does not exist", { path: "nothing.here", type: "query", input: {} }],
    ["a batch of garbage", { path: `${query.path},${mutation.path}`, type: "query", body: "[1,2" }],
  ];
  it.each(cases)("answers %s with a 4xx", async (_name, call) => {
    const answer = await trpcHttp(call, { cookie: cookie() });
    expect(answer.status, describeAnswer(answer)).toBeGreaterThanOrEqual(400);
    expect(answer.status, describeAnswer(answer)).toBeLessThan(500);
    expect(Object.prototype).not.toHaveProperty("polluted");
  });

  it("answers invalid input with a 400 naming each field, through the session cookie as well", async () => {
    const answer = await trpcHttp({ path: "apps.create", type: "mutation", input: { teamId: "nope", name: "Not A Name" } }, { cookie: harness.callerFor("apps.create").cookie });
    expect(answer.status, describeAnswer(answer)).toBe(400);
    expect(Object.keys(answer.error?.data.fieldErrors ?? {}).sort()).toEqual(["baseImageId", "classification", "description", "name", "teamId"]);
  });

  it("answers signed-out callers with 401 whatever the input", async () => {
    for (const procedure of proceduresWithInput.filter((p) => matrix[p.path]?.signedOut === "unauthorized")) {
      const answer = await trpcHttp({ path: procedure.path, type: procedure.type as "query" | "mutation", input: pollutingObject() });
      expect(answer.status, `${procedure.path}: ${describeAnswer(answer)}`).toBe(401);
    }
  });
});
