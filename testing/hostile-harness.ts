import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect } from "vitest";
import type { ZodType } from "zod";
import { createApp } from "@/server/apps/service";
import { db } from "@/server/db/client";
import type { Role } from "@/server/db/generated/enums";
import { deploy } from "@/server/deployments/commands";
import { authorizationMatrix, expectedOutcome, ROLES, type MatrixEntry } from "@/testing/authorization-matrix";
import { stopQueue } from "@/server/jobs/queue";
import { createTarget } from "@/server/targets/service";
import { unstorableText } from "@/server/trpc/storable-text";
import { makeBaseImage } from "./catalog";
import { makeCaller, makeTeam } from "./callers";
import { syntheticCredentials } from "./credentials";
import { decodeInput, encodeInput, signedInUser, trpcHttp, type SignedInUser, type TrpcAnswer } from "./http";
import { listProcedures, type ProcedureInfo } from "./procedures";
import { baseSettings } from "./sandbox";

// What the hostile-input tests share: fixtures for generated ids to hit, a signed-in user per role, and the
// checks every call must pass. Two files use it (malformed and schema-valid inputs), so they run in parallel.

// fast-check's default: 100 inputs per procedure and file, about 13,000 calls over both files; 200 made these two
// files a third of all integration-test time in CI (325 s and 268 s of 2,000), with CI near its time limit.
export const RUNS = 100;
/** Generous: a found counterexample is shrunk call by call, and the machine may be busy. */
export const PROPERTY_TIMEOUT_MS = 300_000;

export type ProcedureWithInput = ProcedureInfo & { input: ZodType };
export const proceduresWithInput = listProcedures().filter((procedure): procedure is ProcedureWithInput => procedure.input !== null);
const matrix: Record<string, MatrixEntry | undefined> = authorizationMatrix;

export const describeAnswer = (answer: TrpcAnswer) => `${answer.status} ${answer.raw.slice(0, 600)}`;
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

/** Registers the file's fixtures (beforeAll) and summary (afterAll); returns what its properties use. */
export function hostileHarness(kind: string) {
  const people = {} as Record<Role, SignedInUser>;
  const ids: string[] = [];
  const calls: Record<string, number> = {};
  const started = performance.now();
  /**
   * "ok" audit events of one request, and row counts of every business table and of queued jobs. Left out: the
   * trail (refusals are audited) and the rate-limit windows (public procedures count refused attempts too).
   */
  let checkQuery = "";

  beforeAll(async () => {
    process.env.BULKHEAD_CREDENTIALS_KEY ??= randomBytes(32).toString("base64");
    const tables = await db().$queryRaw<{ name: string }[]>`
      SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema = 'public' AND table_name NOT IN ('AuditEvent', 'AuditCheckpoint', 'RateLimitWindow', '_prisma_migrations')`;
    const counts = [...tables.map((t) => t.name), "pgboss.job"].map((name) => `(SELECT count(*) FROM ${name}) AS "${name.replaceAll('"', "")}"`);
    checkQuery = `SELECT (SELECT count(*) FROM "AuditEvent" WHERE "requestId" = $1 AND "outcome" = 'ok') AS "okAuditEvents", ${counts.join(", ")}`;

    // Real rows for generated ids to hit: two teams, their apps and deployments, catalog images, a target.
    const own = await makeTeam("Own");
    const foreign = await makeTeam("Foreign");
    const target = await createTarget(await makeCaller("operator"), {
      name: "hostile-target",
      coordinates: { kind: "aws-ecs", region: "eu-west-1", cluster: "hostile", subnets: ["subnet-0a1b2c3d"], securityGroups: ["sg-0a1b2c3d"], executionRoleArn: "arn:aws:iam::000000000000:role/run" },
      credentials: syntheticCredentials("aws-ecs"),
      labels: { residency: "eu", zone: "private" },
    });
    const images = [await makeBaseImage(), await makeBaseImage({ status: "deprecated" }), await makeBaseImage({ status: "revoked" })];
    ids.push(own.id, foreign.id, target.id, ...images.map((image) => image.id));
    for (const team of [own, foreign]) {
      const developer = await makeCaller("developer", [team.id]);
      const app = await createApp(developer, { teamId: team.id, name: `app-${team.slug}`, description: "", classification: "internal", baseImageId: images[0].id });
      const deployment = await deploy(developer, { appId: app.id, targetId: target.id, ...baseSettings });
      ids.push(app.id, deployment.id);
    }
    for (const role of ROLES) people[role] = await signedInUser(role, [own.id]);
  }, 120_000);

  afterAll(async () => {
    const total = Object.values(calls).reduce((sum, n) => sum + n, 0);
    const perProcedure = Object.entries(calls).map(([path, n]) => `  ${path}: ${n} calls`);
    console.log(
      `hostile input (${kind}): ${Object.keys(calls).length} procedures with input × ${RUNS} runs: ${total} HTTP calls (shrinking included) in ` +
        `${((performance.now() - started) / 1000).toFixed(0)} s\n${perProcedure.join("\n")}`,
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

  async function check(requestId: string) {
    const [row] = await db().$queryRawUnsafe<Record<string, bigint>[]>(checkQuery, requestId);
    const { okAuditEvents, ...counts } = Object.fromEntries(Object.entries(row).map(([name, count]) => [name, Number(count)]));
    return { okAuditEvents, counts };
  }

  /** Row counts now, to start a property from. */
  const rowCounts = async () => (await check("")).counts;

  /**
   * One call and everything that must hold of it: never a 5xx; a refusal by schema is a 400 naming each
   * field; a refused call writes no "ok" audit event and (mutations) changes no row. `current` carries the
   * row counts from call to call.
   */
  async function callAndCheck(procedure: ProcedureWithInput, value: unknown, current: { counts: Record<string, number> }) {
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

    // Queries write no business rows by construction; mutations are counted after every call.
    if (procedure.type === "mutation" || answer.status >= 400) {
      const after = await check(requestId);
      if (answer.status >= 400) {
        expect(after.okAuditEvents, `${procedure.path}: a refused call writes no "ok" audit event`).toBe(0);
        if (procedure.type === "mutation") expect(after.counts, `${procedure.path}: a refused call changes nothing (${describeAnswer(answer)})`).toEqual(current.counts);
      }
      if (procedure.type === "mutation") current.counts = after.counts;
    }
    calls[procedure.path] = (calls[procedure.path] ?? 0) + 1;
  }

  return { ids, callerFor, person: (role: Role) => people[role], rowCounts, callAndCheck };
}
