import { randomBytes, randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ZodType } from "zod";
import { createApp } from "@/server/apps/service";
import { db } from "@/server/db/client";
import type { Role } from "@/server/db/generated/enums";
import { deploy } from "@/server/deployments/commands";
import { authorizationMatrix, expectedOutcome, ROLES, type MatrixEntry } from "@/server/identity/authorization-matrix";
import { stopQueue } from "@/server/jobs/queue";
import { createTarget } from "@/server/targets/service";
import { makeBaseImage } from "@/server/testing/catalog";
import { makeCaller, makeTeam } from "@/server/testing/callers";
import { hostileArbitrary, pollutingObject } from "@/server/testing/hostile-values";
import { decodeInput, encodeInput, signedInUser, trpcHttp, type SignedInUser, type TrpcAnswer } from "@/server/testing/http";
import { listProcedures, type ProcedureInfo } from "@/server/testing/procedures";
import { baseSettings } from "@/server/testing/sandbox";
import { zodArbitrary } from "@/server/testing/zod-arbitrary";
import { unstorableText } from "./storable-text";

// Every procedure that takes input, fed over HTTP with malformed values and with values its schema accepts,
// as a signed-in user of a role the matrix allows (so the input is judged, not the role): real Requests
// through tRPC's fetch adapter, the app's router, transformer and error formatter (server/testing/http.ts
// says why in-process). Whatever arrives: never a 500; a schema refusal is a 400 naming each field and why;
// a refused call changes no row and writes no "ok" audit event; nothing pollutes Object.prototype.

const RUNS = 200;
/** Generous: a found counterexample is shrunk call by call, and the machine may be busy. */
const PROPERTY_TIMEOUT_MS = 300_000;
const procedures = listProcedures().filter((procedure): procedure is ProcedureInfo & { input: ZodType } => procedure.input !== null);
const matrix: Record<string, MatrixEntry | undefined> = authorizationMatrix;

const people = {} as Record<Role, SignedInUser>;
const ids: string[] = [];
const runs: Record<string, number> = {};
const started = performance.now();

/** Row counts of every business table, and of queued jobs. The audit trail is left out: refusals are audited. */
let countQuery = "";
async function rowCounts(): Promise<Record<string, number>> {
  const [row] = await db().$queryRawUnsafe<Record<string, bigint>[]>(countQuery);
  return Object.fromEntries(Object.entries(row).map(([table, count]) => [table, Number(count)]));
}

beforeAll(async () => {
  process.env.BULKHEAD_CREDENTIALS_KEY ??= randomBytes(32).toString("base64");
  const tables = await db().$queryRaw<{ name: string }[]>`
    SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
    WHERE table_type = 'BASE TABLE' AND table_schema = 'public' AND table_name NOT IN ('AuditEvent', 'AuditCheckpoint', '_prisma_migrations')`;
  countQuery = `SELECT ${[...tables.map((t) => t.name), "pgboss.job"].map((name) => `(SELECT count(*) FROM ${name}) AS "${name.replaceAll('"', "")}"`).join(", ")}`;

  // Real rows for generated ids to hit: two teams, their apps and deployments, catalog images, a target.
  const own = await makeTeam("Own");
  const foreign = await makeTeam("Foreign");
  const platform = await makeCaller("operator");
  const target = await createTarget(platform, {
    name: "hostile-target",
    coordinates: { kind: "aws-ecs", region: "eu-west-1", cluster: "hostile", subnets: ["subnet-0a1b2c3d"], securityGroups: ["sg-0a1b2c3d"], executionRoleArn: "arn:aws:iam::000000000000:role/run" },
    credentials: { kind: "aws-ecs", accessKeyId: "id", secretAccessKey: "secret" },
    labels: { residency: "eu", zone: "private" },
  });
  const approved = await makeBaseImage();
  const deprecated = await makeBaseImage({ status: "deprecated" });
  const revoked = await makeBaseImage({ status: "revoked" });
  ids.push(own.id, foreign.id, target.id, approved.id, deprecated.id, revoked.id);
  for (const team of [own, foreign]) {
    const developer = await makeCaller("developer", [team.id]);
    const app = await createApp(developer, { teamId: team.id, name: `app-${team.slug}`, description: "", classification: "internal", baseImageId: approved.id });
    const deployment = await deploy(developer, { appId: app.id, targetId: target.id, ...baseSettings });
    ids.push(app.id, deployment.id);
  }
  for (const role of ROLES) people[role] = await signedInUser(role, [own.id]);
}, 120_000);

afterAll(async () => {
  const total = Object.values(runs).reduce((sum, n) => sum + n, 0);
  console.log(
    `hostile input: ${Object.keys(runs).length} procedures with input × (${RUNS} malformed + ${RUNS} schema-valid runs): ` +
      `${total} HTTP calls in ${((performance.now() - started) / 1000).toFixed(0)} s\n` +
      Object.entries(runs)
        .map(([name, n]) => `  ${name}: ${n} calls`)
        .join("\n"),
  );
  await stopQueue();
});

/** Who calls: the first role the matrix lets through on its own team, so the input decides the answer. */
function callerFor(path: string): SignedInUser {
  const entry = matrix[path];
  if (!entry) throw new Error(`${path} has no entry in the authorization matrix`);
  const role = ROLES.find((r) => ["allowed", "filtered"].includes(expectedOutcome(entry, r, "own")));
  if (!role) throw new Error(`no role may call ${path}`);
  return people[role];
}

const fieldsOf = (paths: PropertyKey[][]) => [...new Set(paths.map((path) => path.map(String).join(".")))].sort();

/** The fields the server will refuse once `value` has crossed the wire: text it cannot store first, then the schema's. */
function serverParse(schema: ZodType, value: unknown): { crossed: false } | { crossed: true; fields: string[] | null } {
  let received: unknown;
  try {
    received = decodeInput(encodeInput(value));
  } catch {
    return { crossed: false };
  }
  const unstorable = unstorableText(received);
  if (unstorable.length) return { crossed: true, fields: fieldsOf(unstorable.map((problem) => problem.path)) };
  const parsed = schema.safeParse(received);
  return { crossed: true, fields: parsed.success ? null : fieldsOf(parsed.error.issues.map((issue) => issue.path)) };
}

const describeAnswer = (answer: TrpcAnswer) => `${answer.status} ${answer.raw.slice(0, 600)}`;

/** One call and everything that must hold of it; `current` carries the row counts from call to call. */
async function callAndCheck(procedure: ProcedureInfo & { input: ZodType }, value: unknown, current: { counts: Record<string, number> }) {
  const requestId = `hostile-${randomUUID()}`;
  const answer = await trpcHttp({ path: procedure.path, type: procedure.type as "query" | "mutation", input: value }, { actor: callerFor(procedure.path).actor, requestId });
  expect(answer.status, `${procedure.path} must never answer 5xx: ${describeAnswer(answer)}`).toBeLessThan(500);
  expect(Object.prototype, "no input may pollute Object.prototype").not.toHaveProperty("polluted");

  const expected = serverParse(procedure.input, value);
  if (!expected.crossed) {
    expect(answer.status, `${procedure.path}: an input the transformer cannot read is a client error: ${describeAnswer(answer)}`).toBeGreaterThanOrEqual(400);
  } else if (expected.fields) {
    expect(answer.status, `${procedure.path}: invalid input is a 400: ${describeAnswer(answer)}`).toBe(400);
    const fieldErrors = answer.error?.data.fieldErrors ?? {};
    expect(Object.keys(fieldErrors).sort(), `${procedure.path}: the answer names each invalid field`).toEqual(expected.fields);
    for (const messages of Object.values(fieldErrors)) expect(messages.length > 0 && messages.every((m) => typeof m === "string" && m.length > 0)).toBe(true);
  } else if (answer.status >= 400) {
    expect(answer.error?.message, `${procedure.path}: a refusal says why`).toBeTruthy();
  }

  // Only mutations may write business rows; every refused call is checked for an "ok" audit event.
  if (procedure.type === "mutation") {
    const after = await rowCounts();
    if (answer.status >= 400) expect(after, `${procedure.path}: a refused call changes nothing (${describeAnswer(answer)})`).toEqual(current.counts);
    current.counts = after;
  }
  if (answer.status >= 400) {
    const ok = await db().auditEvent.count({ where: { requestId, outcome: "ok" } });
    expect(ok, `${procedure.path}: a refused call writes no "ok" audit event`).toBe(0);
  }
  runs[procedure.path] = (runs[procedure.path] ?? 0) + 1;
}

describe.each(procedures.map((procedure) => [procedure.path, procedure] as const))("%s", (_path, procedure) => {
  it(`answers ${RUNS} malformed inputs with a 4xx naming the field, never a 500 or a write`, async () => {
    const current = { counts: await rowCounts() };
    await fc.assert(
      fc.asyncProperty(hostileArbitrary(zodArbitrary(procedure.input, { ids })), (value) => callAndCheck(procedure, value, current)),
      { numRuns: RUNS },
    );
  }, PROPERTY_TIMEOUT_MS);

  it(`answers ${RUNS} inputs its schema accepts with a 2xx or a 4xx domain refusal, never a 500`, async () => {
    const current = { counts: await rowCounts() };
    await fc.assert(
      fc.asyncProperty(zodArbitrary(procedure.input, { ids }), (value) => callAndCheck(procedure, value, current)),
      { numRuns: RUNS },
    );
  }, PROPERTY_TIMEOUT_MS);
});

describe("malformed transport", () => {
  const mutation = procedures.find((p) => p.type === "mutation")!;
  const query = procedures.find((p) => p.type === "query")!;
  const cookie = () => callerFor(mutation.path).cookie;
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
  });

  it("answers signed-out callers with 401 whatever the input", async () => {
    const protectedPaths = procedures.filter((p) => matrix[p.path]?.signedOut === "unauthorized");
    for (const procedure of protectedPaths) {
      const answer = await trpcHttp({ path: procedure.path, type: procedure.type as "query" | "mutation", input: pollutingObject() });
      expect(answer.status, `${procedure.path}: ${describeAnswer(answer)}`).toBe(401);
    }
  });
});
