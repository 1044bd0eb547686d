import { randomBytes, randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import type { Role } from "@/server/db/generated/enums";
import { createApp } from "@/server/apps/service";
import { deploy, scale } from "@/server/deployments/commands";
import { stopQueue } from "@/server/jobs/queue";
import { PolicyViolationError } from "@/server/errors";
import { approveLink, requestLink } from "@/server/links/service";
import { requestOverride } from "@/server/overrides/service";
import { readPolicies } from "@/server/policy/service";
import { createCaller } from "@/server/routers";
import { createTarget } from "@/server/targets/service";
import { makeBaseImage } from "@/server/testing/catalog";
import { makeCaller, makeTeam } from "@/server/testing/callers";
import { listProcedures } from "@/server/testing/procedures";
import { baseSettings } from "@/server/testing/sandbox";
import { authorizationMatrix, expectedOutcome, matrixProblems, ROLES, type MatrixEntry, type Outcome } from "./authorization-matrix";

// Every procedure of the router, called as every role on its own team's and on a foreign team's resources,
// through the real router and middleware against this file's database; each answer must be what the matrix
// declares. Calls that change something get fresh resources of their own, so no case depends on another.

type Person = Awaited<ReturnType<typeof makeCaller>>;
type Scope = "own" | "foreign";
interface TeamFixture {
  teamId: string;
  appId: string;
  deploymentId: string;
  developer: Person;
}

const procedures = listProcedures();
const matrix: Record<string, MatrixEntry | undefined> = authorizationMatrix;

let own: TeamFixture, foreign: TeamFixture;
/** Ids of everything the foreign team has: a "filtered" answer shows none of them. */
const foreignIds: string[] = [];
const people = {} as Record<Role, Person>;
let imageId: string, targetId: string;

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}`;

async function freshApp(team: TeamFixture, baseImageId = imageId) {
  return createApp(team.developer, { teamId: team.teamId, name: unique("app"), description: "", classification: "internal", baseImageId });
}

/** A deployment of a new app, queued (no workers run here); `revisions` > 1 scales it to get more. */
async function freshDeployment(team: TeamFixture, revisions = 1, baseImageId = imageId) {
  const app = await freshApp(team, baseImageId);
  const deployment = await deploy(team.developer, { appId: app.id, targetId, ...baseSettings });
  for (let n = 1; n < revisions; n++) await scale(team.developer, { id: deployment.id, minInstances: 1, maxInstances: n + 1 });
  return { appId: app.id, deploymentId: deployment.id };
}

/** A link between two new apps of the team, requested by the team's fixture developer (so others may decide it). */
async function freshLink(team: TeamFixture, options: { approved?: boolean } = {}) {
  const [from, to] = [await freshApp(team), await freshApp(team)];
  const link = await requestLink(team.developer, { fromAppId: from.id, toAppId: to.id, port: 8080, reason: "" });
  if (options.approved) await approveLink(people.operator, { id: link.id, note: "" });
  return link.id;
}

/** A deploy the team's developer makes and policy refuses (its app's base image revoked since): the sequence of
 * the denied audit event the router records, which a break-glass request names. */
async function freshRefusal(team: TeamFixture): Promise<string> {
  const image = (await makeBaseImage()).id;
  const app = await freshApp(team, image);
  await db().baseImage.update({ where: { id: image }, data: { status: "revoked" } });
  const refused = await team.developer.caller.deployments.deploy({ appId: app.id, targetId, ...baseSettings }).catch((error: TRPCError) => error.cause as PolicyViolationError);
  if (!(refused instanceof PolicyViolationError) || refused.auditedAs === undefined) throw new Error("expected a recorded policy refusal");
  return refused.auditedAs.toString();
}

/** A break-glass request of a fresh refusal, by the team's developer. */
async function freshOverride(team: TeamFixture): Promise<string> {
  return (await requestOverride(team.developer, { refusal: await freshRefusal(team), reason: "hotfix for an outage", durationMinutes: 30 })).id;
}

async function teamFixture(name: string): Promise<TeamFixture> {
  const team = await makeTeam(name);
  const developer = await makeCaller("developer", [team.id]);
  const fixture = { teamId: team.id, appId: "", deploymentId: "", developer };
  Object.assign(fixture, await freshDeployment(fixture));
  return fixture;
}

beforeAll(async () => {
  process.env.BULKHEAD_CREDENTIALS_KEY ??= randomBytes(32).toString("base64");
  imageId = (await makeBaseImage()).id;
  const platform = await makeCaller("operator");
  targetId = (
    await createTarget(platform, {
      name: unique("matrix"),
      coordinates: { kind: "aws-ecs", region: "eu-west-1", cluster: "matrix", subnets: ["subnet-0a1b2c3d"], securityGroups: ["sg-0a1b2c3d"], executionRoleArn: "arn:aws:iam::000000000000:role/run" },
      credentials: { kind: "aws-ecs", accessKeyId: "id", secretAccessKey: "secret" },
      labels: {},
    })
  ).id;
  own = await teamFixture("Own");
  foreign = await teamFixture("Foreign");
  for (const role of ROLES) people[role] = await makeCaller(role, [own.teamId]);
  // A live deployment per team on an image revoked since, so deployments.nonCompliant has something to hide.
  const stale = (await makeBaseImage()).id;
  await freshDeployment(own, 1, stale);
  const foreignStale = await freshDeployment(foreign, 1, stale);
  await db().baseImage.update({ where: { id: stale }, data: { status: "revoked" } });
  Object.assign(own, await freshDeployment(own));
  Object.assign(foreign, await freshDeployment(foreign));
  // A link request waiting in the foreign team, so links.pending has something to hide.
  const foreignLink = await freshLink(foreign);
  // A break-glass request in the foreign team, so overrides.list has something to hide.
  const foreignOverride = await freshOverride(foreign);
  foreignIds.push(foreign.teamId, foreign.appId, foreign.deploymentId, foreignStale.appId, foreignStale.deploymentId, foreignLink, foreignOverride);
});
afterAll(() => stopQueue());

/** The input of one call on `team`'s resources; calls that change something make what they change. */
const cases: Record<string, (team: TeamFixture) => unknown> = {
  "apps.list": (team) => ({ teamId: team.teamId }),
  "apps.get": (team) => ({ id: team.appId }),
  "apps.create": (team) => ({ teamId: team.teamId, name: unique("new"), description: "", classification: "internal", baseImageId: imageId }),
  "apps.update": async (team) => ({ id: (await freshApp(team)).id, description: "changed" }),
  "apps.delete": async (team) => ({ id: (await freshApp(team)).id }),

  "audit.list": () => ({ limit: 5 }),
  "audit.get": () => ({ sequence: "1" }),
  "audit.proof": () => ({ sequence: "1" }),
  "audit.startVerification": () => ({}),
  "audit.verification": () => ({}),
  "audit.publicKey": () => undefined,
  "audit.publicKeys": () => undefined,

  "catalog.list": () => ({}),
  "catalog.impact": () => undefined,
  "catalog.create": () => ({ family: "os", name: unique("os"), version: "1.0", reference: `registry.example.com/base/os@sha256:${randomBytes(32).toString("hex")}` }),
  "catalog.update": async () => ({ id: (await makeBaseImage()).id, notes: "checked" }),
  "catalog.deprecate": async () => ({ id: (await makeBaseImage()).id, reason: "checked" }),
  "catalog.revoke": async () => ({ id: (await makeBaseImage()).id, reason: "checked" }),

  "deployments.list": (team) => ({ appId: team.appId }),
  "deployments.nonCompliant": () => undefined,
  "deployments.get": (team) => ({ id: team.deploymentId }),
  "deployments.preview": (team) => ({ appId: team.appId, targetId, ...baseSettings }),
  "deployments.deploy": async (team) => ({ appId: (await freshApp(team)).id, targetId, ...baseSettings }),
  "deployments.rollback": async (team) => ({ id: (await freshDeployment(team, 2)).deploymentId, toRevision: 1 }),
  "deployments.scale": async (team) => ({ id: (await freshDeployment(team)).deploymentId, minInstances: 1, maxInstances: 2 }),
  "deployments.destroy": async (team) => ({ id: (await freshDeployment(team)).deploymentId }),

  "identity.me": () => undefined,
  "identity.directory": () => undefined,
  "identity.demoAccounts": () => undefined,
  "identity.setRole": async (team) => ({ userId: (await makeCaller("developer", [team.teamId])).actor.userId, role: "operator" }),

  "links.forApp": (team) => ({ appId: team.appId }),
  "links.pending": () => undefined,
  "links.callees": (team) => ({ appId: team.appId }),
  "links.request": async (team) => ({ fromAppId: team.appId, toAppId: (await freshApp(team)).id, port: 8080 }),
  "links.approve": async (team) => ({ id: await freshLink(team) }),
  "links.reject": async (team) => ({ id: await freshLink(team) }),
  "links.revoke": async (team) => ({ id: await freshLink(team, { approved: true }) }),

  "overrides.list": () => ({}),
  "overrides.forDeployment": (team) => ({ deploymentId: team.deploymentId }),
  "overrides.forApp": (team) => ({ appId: team.appId }),
  "overrides.request": async (team) => ({ refusal: await freshRefusal(team), reason: "hotfix for an outage", durationMinutes: 30 }),
  "overrides.approve": async (team) => ({ id: await freshOverride(team) }),
  "overrides.reject": async (team) => ({ id: await freshOverride(team) }),

  "policy.get": () => undefined,
  "policy.setPlatform": async () => (await readPolicies()).platform,
  "policy.setTeamOverride": (team) => ({ teamId: team.teamId, encryption: {} }),

  "targets.list": () => undefined,
  "targets.create": () => ({
    name: unique("target"),
    coordinates: { kind: "gcp-cloud-run", region: "europe-west1", projectId: "matrix-project" },
    credentials: { kind: "gcp-cloud-run", accessToken: "token" },
  }),
};

type Answer = { ok: true; value: unknown } | { ok: false; code: string; message: string };

/** Calls `path` through the router as `person` (null: signed out) with a request id of its own. */
async function call(path: string, person: Person | null, input: unknown): Promise<{ answer: Answer; requestId: string }> {
  const requestId = `matrix-${randomUUID()}`;
  const meta = { requestId, sourceIp: "127.0.0.9", userAgent: "vitest" };
  const caller = createCaller({ actor: person?.actor ?? null, meta }) as unknown as Record<string, unknown>;
  const procedure = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (input: unknown) => Promise<unknown>;
  try {
    return { answer: { ok: true, value: await procedure(input) }, requestId };
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return { answer: { ok: false, code: error.code, message: error.message }, requestId };
  }
}

const DOMAIN_REFUSALS = ["BAD_REQUEST", "CONFLICT"];
const domainRefusals: string[] = [];

/** Checks one answer against the declared outcome; returns a sentence saying what differs, or null. */
async function mismatch(outcome: Outcome, answer: Answer, requestId: string, hidden: string[]): Promise<string | null> {
  const got = answer.ok ? "success" : `${answer.code} (${answer.message})`;
  if (outcome === "allowed" || outcome === "filtered") {
    if (!answer.ok && !DOMAIN_REFUSALS.includes(answer.code)) return `expected ${outcome}, got ${got}`;
    if (outcome === "filtered" && answer.ok) {
      const shown = hidden.filter((id) => JSON.stringify(answer.value ?? null).includes(id));
      if (shown.length) return `expected nothing of the foreign team, got its ${shown.join(", ")}`;
    }
    return null;
  }
  const code = outcome === "forbidden" ? "FORBIDDEN" : "NOT_FOUND";
  if (answer.ok || answer.code !== code) return `expected ${code}, got ${got}`;
  const audited = await db().auditEvent.findMany({ where: { requestId }, select: { outcome: true } });
  if (!audited.some((event) => event.outcome === "denied")) return `refused with ${code} but no denied audit event was written`;
  return null;
}

it("has an entry for every procedure of the router, and none for a procedure it lacks", () => {
  const teamScoped = procedures.filter((p) => matrix[p.path]?.team).length;
  console.log(
    `authorization matrix: ${procedures.length} procedures × ${ROLES.length} roles (${ROLES.join(", ")}) × own/foreign team ` +
      `(${teamScoped} concern a team's resources) + signed out`,
  );
  expect(matrixProblems(procedures.map((p) => p.path), matrix)).toEqual([]);
});

it("has a call to make for every procedure", () => {
  const missing = procedures.filter((p) => !cases[p.path]).map((p) => `procedure ${p.path} has no case in server/identity/authorization-matrix.int.test.ts`);
  expect(missing).toEqual([]);
});

describe("every procedure", () => {
  it.each(procedures.map((p) => p.path))("%s answers every role on own and foreign resources, and signed-out callers, as declared", async (path) => {
    const entry = matrix[path];
    const makeInput = cases[path];
    expect(entry && makeInput, `${path} needs a matrix entry and a case (see the completeness tests)`).toBeTruthy();
    if (!entry || !makeInput) return;
    const problems: string[] = [];
    const scopes: Scope[] = entry.team ? ["own", "foreign"] : ["own"];
    for (const role of ROLES) {
      for (const scope of scopes) {
        const team = scope === "own" ? own : foreign;
        const { answer, requestId } = await call(path, people[role], await makeInput(team));
        const outcome = expectedOutcome(entry, role, scope);
        const problem = await mismatch(outcome, answer, requestId, foreignIds);
        if (problem) problems.push(`${role} on ${entry.team ? `${scope} team` : "n/a"}: ${problem}`);
        if (!answer.ok && DOMAIN_REFUSALS.includes(answer.code)) domainRefusals.push(`${path} as ${role} (${scope}): ${answer.code} ${answer.message}`);
      }
    }
    const signedOut = await call(path, null, await makeInput(own));
    const signedOutProblem =
      entry.signedOut === "allowed"
        ? signedOut.answer.ok
          ? null
          : `expected success, got ${signedOut.answer.code}`
        : !signedOut.answer.ok && signedOut.answer.code === "UNAUTHORIZED"
          ? null
          : `expected UNAUTHORIZED, got ${signedOut.answer.ok ? "success" : signedOut.answer.code}`;
    if (signedOutProblem) problems.push(`signed out: ${signedOutProblem}`);
    // A filtered list must have had something to hide: the platform roles see the foreign team's resources in it.
    if (ROLES.some((role) => expectedOutcome(entry, role, "foreign") === "filtered")) {
      const { answer } = await call(path, people.operator, await makeInput(foreign));
      const shown = answer.ok && foreignIds.some((id) => JSON.stringify(answer.value ?? null).includes(id));
      if (!shown) problems.push("the operator's answer shows nothing of the foreign team either, so the filtered check proves nothing: give the foreign team something this list shows");
    }
    expect(problems, `${path} differs from server/identity/authorization-matrix.ts`).toEqual([]);
  });
});

it("made the allowed calls succeed rather than end in domain refusals", () => {
  // Allowed calls answered BAD_REQUEST or CONFLICT would prove little: the inputs above are meant to succeed.
  expect(domainRefusals).toEqual([]);
});
