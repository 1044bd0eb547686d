import { randomBytes, randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import type { Role, TokenAbility } from "@/server/db/generated/enums";
import { createApp } from "@/server/apps/service";
import { deploy, scale } from "@/server/deployments/commands";
import { stopQueue } from "@/server/jobs/queue";
import { PolicyViolationError } from "@/server/errors";
import { approveLink, requestLink } from "@/server/links/service";
import { requestOverride } from "@/server/overrides/service";
import { readPolicies } from "@/server/policy/service";
import { setSecret } from "@/server/secrets/service";
import { createCaller } from "@/server/routers";
import { procedureOf } from "@/server/trpc/router-procedures";
import { invite } from "@/server/identity/invitations";
import { deactivateUser } from "@/server/identity/people";
import { archiveTeam } from "@/server/identity/teams";
import { startConnectionCheck } from "@/server/targets/connection-check";
import { disableTarget } from "@/server/targets/lifecycle";
import { createTarget } from "@/server/targets/service";
import { syntheticCredentials } from "@/testing/credentials";
import { labelledSigningKey } from "@/oci/build/signing-key";
import { parsePublicKey } from "@/server/signing-keys/public-key";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";
import { listProcedures } from "@/testing/procedures";
import { baseSettings } from "@/testing/sandbox";
import { actorFromBearer } from "@/server/tokens/bearer";
import { tokenGrants, type Grant } from "@/server/tokens/grants";
import { createPersonalToken, createTeamToken } from "@/server/tokens/service";
import { exportCaller } from "@/server/routers/audit-export";
import { type RunningRegistry, startRegistryEmulator } from "@/oci/emulator/emulator";
import { sealedRegistryPassword } from "@/server/registries/service";
import { authorizationMatrix, expectedOutcome, matrixProblems, ROLES, type MatrixEntry, type Outcome, type ProcedurePath } from "./authorization-matrix";
import type { Actor } from "@/server/identity/actor";

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
/** A registry that lets "puller" in, so registries.set gets past its login check. */
let registry: RunningRegistry;

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
  registry = await startRegistryEmulator({ users: { puller: "matrix-password" } });
  const platform = await makeCaller("operator");
  targetId = (
    await createTarget(platform, {
      name: unique("matrix"),
      coordinates: { ...awsCoordinates, subnets: [...awsCoordinates.subnets], securityGroups: [...awsCoordinates.securityGroups] },
      credentials: syntheticCredentials("aws-ecs"),
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
  // A drifted deployment in each team, so deployments.drifted has something to show and to hide.
  for (const team of [own, foreign]) {
    const { deploymentId } = await freshDeployment(team);
    await db().deployment.update({ where: { id: deploymentId }, data: { status: "missing" } });
    if (team === foreign) foreignIds.push(deploymentId);
  }
  // A link request waiting in the foreign team, so links.pending has something to hide.
  const foreignLink = await freshLink(foreign);
  // A service token of the foreign team, so tokens.list has something to hide.
  const foreignToken = await createTeamToken(foreign.developer, { teamId: foreign.teamId, name: "foreign-ci", abilities: ["read"], expiresInDays: 30 });
  // A break-glass request in the foreign team, so overrides.list has something to hide.
  const foreignOverride = await freshOverride(foreign);
  // A registry credential of the foreign team, so registries.list has something to hide.
  const foreignRegistry = await freshRegistryCredential(foreign);
  foreignIds.push(foreignRegistry.id, foreign.teamId, foreign.appId, foreign.deploymentId, foreignStale.appId, foreignStale.deploymentId, foreignLink, foreignToken.token.id, foreignOverride);
});
afterAll(async () => {
  await registry?.stop();
  await stopQueue();
});

const awsCoordinates = { kind: "aws-ecs", region: "eu-west-1", cluster: "matrix", subnets: ["subnet-0a1b2c3d"], securityGroups: ["sg-0a1b2c3d"], executionRoleArn: "arn:aws:iam::000000000000:role/run" } as const;

/** A target of its own for a call that changes one. */
async function freshTarget() {
  return createTarget(people.operator, { name: unique("target"), coordinates: { ...awsCoordinates, subnets: [...awsCoordinates.subnets], securityGroups: [...awsCoordinates.securityGroups] }, credentials: syntheticCredentials("aws-ecs"), labels: {} });
}

/** A registry credential of the team's, sealed as the service seals one, for a call that removes it. */
async function freshRegistryCredential(team: TeamFixture) {
  const id = randomUUID();
  return db().registryCredential.create({ data: { id, teamId: team.teamId, registry: `${unique("registry")}.example.com`, username: "puller", secret: sealedRegistryPassword(id, "matrix-password") } });
}

/** A platform-wide signing key, trusted until removed. */
async function freshSigningKey() {
  const key = parsePublicKey(labelledSigningKey(unique("matrix key")).publicKeyPem);
  return db().signingKey.create({ data: { name: unique("key"), publicKey: key.pem, fingerprint: key.fingerprint } });
}

/** A pending invitation (its token too) made by a fresh admin. */
async function freshInvitation(team: TeamFixture) {
  return invite(await makeCaller("admin"), { email: `${unique("invited")}@matrix.test`, name: "", role: "developer", teamId: team.teamId });
}

/** The input of one call on `team`'s resources; calls that change something make what they change. */
const cases: Record<string, (team: TeamFixture) => unknown> = {
  "apps.list": (team) => ({ teamId: team.teamId }),
  "apps.get": (team) => ({ id: team.appId }),
  "apps.create": (team) => ({ teamId: team.teamId, name: unique("new"), description: "", classification: "internal", baseImageId: imageId }),
  "apps.update": async (team) => ({ id: (await freshApp(team)).id, description: "changed" }),
  "apps.delete": async (team) => ({ id: (await freshApp(team)).id }),
  "apps.setClassification": async (team) => ({ id: (await freshApp(team)).id, classification: "public", reason: "checked" }),

  "audit.list": () => ({ limit: 5 }),
  "audit.get": () => ({ sequence: "1" }),
  "audit.proof": () => ({ sequence: "1" }),
  "audit.startVerification": () => ({}),
  "audit.verification": () => ({}),
  "audit.publicKey": () => undefined,
  "audit.publicKeys": () => undefined,

  "catalog.list": () => ({}),
  "catalog.impact": () => undefined,
  "catalog.runsOn": () => undefined,
  "catalog.create": () => ({ family: "os", name: unique("os"), version: "1.0", reference: `registry.example.com/base/os@sha256:${randomBytes(32).toString("hex")}` }),
  "catalog.update": async () => ({ id: (await makeBaseImage()).id, notes: "checked" }),
  "catalog.deprecate": async () => ({ id: (await makeBaseImage()).id, reason: "checked" }),
  "catalog.restrict": async () => ({ id: (await makeBaseImage()).id, reason: "checked" }),
  "catalog.revoke": async () => ({ id: (await makeBaseImage()).id, reason: "checked" }),

  "signingKeys.list": () => ({}),
  "signingKeys.add": () => ({ teamId: null, name: unique("key"), publicKey: labelledSigningKey(unique("matrix key")).publicKeyPem }),
  "signingKeys.remove": async () => ({ id: (await freshSigningKey()).id }),

  "registries.list": () => ({}),
  "registries.set": (team) => ({ teamId: team.teamId, registry: registry.host, username: "puller", password: "matrix-password" }),
  "registries.delete": async (team) => ({ teamId: team.teamId, registry: (await freshRegistryCredential(team)).registry }),

  "deployments.list": (team) => ({ appId: team.appId }),
  "deployments.nonCompliant": () => undefined,
  "deployments.get": (team) => ({ id: team.deploymentId }),
  "deployments.compliance": (team) => ({ id: team.deploymentId }),
  "deployments.logs": (team) => ({ id: team.deploymentId }),
  "deployments.exportLogs": (team) => ({ id: team.deploymentId }),
  "deployments.cloudEvents": (team) => ({ id: team.deploymentId }),
  "deployments.liveState": (team) => ({ id: team.deploymentId }),
  "deployments.preview": (team) => ({ appId: team.appId, targetId, ...baseSettings }),
  "deployments.deploy": async (team) => ({ appId: (await freshApp(team)).id, targetId, ...baseSettings }),
  "deployments.rollback": async (team) => ({ id: (await freshDeployment(team, 2)).deploymentId, toRevision: 1 }),
  "deployments.scale": async (team) => ({ id: (await freshDeployment(team)).deploymentId, minInstances: 1, maxInstances: 2 }),
  "deployments.destroy": async (team) => ({ id: (await freshDeployment(team)).deploymentId }),
  "deployments.reapply": async (team) => ({ id: (await freshDeployment(team)).deploymentId }),
  "deployments.checkDrift": async (team) => {
    // Only a running deployment is read back; no worker runs here, so it is marked running.
    const { deploymentId } = await freshDeployment(team);
    await db().deployment.update({ where: { id: deploymentId }, data: { status: "running" } });
    return { id: deploymentId };
  },
  "deployments.drifted": () => undefined,

  "identity.me": () => undefined,
  "identity.directory": () => undefined,
  "identity.demoAccounts": () => undefined,
  "identity.ssoSignIn": () => undefined,
  "identity.setRole": async (team) => ({ userId: (await makeCaller("developer", [team.teamId])).actor.userId, role: "operator" }),
  "identity.setMemberships": async (team) => ({ userId: (await makeCaller("developer")).actor.userId, teamIds: [team.teamId] }),
  "identity.deactivate": async () => ({ userId: (await makeCaller("developer")).actor.userId }),
  "identity.reactivate": async () => {
    const person = await makeCaller("developer");
    await deactivateUser(await makeCaller("admin"), person.actor.userId);
    return { userId: person.actor.userId };
  },
  "identity.createTeam": () => ({ name: unique("Team") }),
  "identity.renameTeam": async () => ({ teamId: (await makeTeam("Renamed")).id, name: unique("Renamed") }),
  "identity.archiveTeam": async () => ({ teamId: (await makeTeam("Archived")).id }),
  "identity.restoreTeam": async () => {
    const team = await makeTeam("Restored");
    await archiveTeam(await makeCaller("admin"), team.id);
    return { teamId: team.id };
  },
  "identity.invite": (team) => ({ email: `${unique("new")}@matrix.test`, role: "developer", teamId: team.teamId }),
  "identity.revokeInvitation": async (team) => ({ id: (await freshInvitation(team)).id }),
  "identity.invitation": async (team) => ({ token: new URL((await freshInvitation(team)).link).hash.slice(1) }),
  "identity.acceptInvitation": async (team) => ({ token: new URL((await freshInvitation(team)).link).hash.slice(1), name: "Invited Person", password: "a-long-enough-password" }),

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
  "policy.impact": async () => (await readPolicies()).platform,
  "policy.teamOverrideImpact": (team) => ({ teamId: team.teamId, encryption: { serviceToServiceMutualAuth: true } }),
  "policy.setTeamOverride": (team) => ({ teamId: team.teamId, encryption: {} }),
  "policy.plainEnvAllowances": () => undefined,
  "policy.allowPlainEnv": (team) => ({ teamId: team.teamId, name: unique("PUBLIC_TOKEN").replace("-", "_"), reason: "checked" }),
  "policy.revokePlainEnv": async (team) => {
    const name = unique("PUBLIC_TOKEN").replace("-", "_");
    await db().plainEnvAllowance.create({ data: { teamId: team.teamId, name, reason: "checked" } });
    return { teamId: team.teamId, name };
  },

  "secrets.list": (team) => ({ appId: team.appId }),
  "secrets.set": async (team) => ({ appId: (await freshApp(team)).id, name: "DB_PASSWORD", value: "matrix-value" }),
  "secrets.delete": async (team) => {
    const app = await freshApp(team);
    await setSecret(team.developer, { appId: app.id, name: "DB_PASSWORD", value: "matrix-value" });
    return { appId: app.id, name: "DB_PASSWORD" };
  },

  "targets.list": () => undefined,
  "targets.get": () => ({ id: targetId }),
  "targets.providers": () => undefined,
  "targets.create": () => ({
    name: unique("target"),
    coordinates: { kind: "gcp-cloud-run", region: "europe-west1", projectId: "matrix-project" },
    credentials: syntheticCredentials("gcp-cloud-run"),
  }),
  "targets.update": async () => {
    const target = await freshTarget();
    return { id: target.id, name: unique("renamed"), coordinates: target.coordinates, labels: { zone: "private" } };
  },
  "targets.rotateCredentials": async () => ({ id: (await freshTarget()).id, credentials: { ...syntheticCredentials("aws-ecs"), secretAccessKey: "rotated-secret" } }),
  "targets.testConnection": () => ({ id: targetId }),
  "targets.connectionCheck": async () => ({ id: (await startConnectionCheck(people.operator, targetId)).id }),
  "targets.disable": async () => ({ id: (await freshTarget()).id, reason: "maintenance" }),
  "targets.enable": async () => {
    const target = await freshTarget();
    await disableTarget(people.operator, { id: target.id, reason: "maintenance" });
    return { id: target.id };
  },
  "targets.delete": async () => ({ id: (await freshTarget()).id }),

  "tokens.list": () => undefined,
  "tokens.create": () => ({ name: unique("ci"), abilities: ["read"] }),
  "tokens.createForTeam": (team) => ({ teamId: team.teamId, name: unique("ci"), abilities: ["deploy"] }),
  "tokens.revoke": async (team) => ({ id: (await createTeamToken(people.admin, { teamId: team.teamId, name: unique("ci"), abilities: ["read"], expiresInDays: 30 })).token.id }),
  "tokens.current": () => undefined,
};

type Answer = { ok: true; value: unknown } | { ok: false; code: string; message: string };

/** Calls `path` through the router as `person` (null: signed out) with a request id of its own. */
async function call(path: string, person: { actor: Actor } | null, input: unknown): Promise<{ answer: Answer; requestId: string }> {
  const requestId = `matrix-${randomUUID()}`;
  const meta = { requestId, sourceIp: "127.0.0.9", userAgent: "vitest" };
  const procedure = procedureOf(createCaller({ actor: person?.actor ?? null, meta }), path);
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
  const missing = procedures.filter((p) => !cases[p.path]).map((p) => `procedure ${p.path} has no case in testing/authorization-matrix.int.test.ts`);
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
    expect(problems, `${path} differs from testing/authorization-matrix.ts`).toEqual([]);
  });
});

// ---- `can` flags: what the views tell the pages, against what the procedures allow ----
//
// Each flag names the procedure whose authorization it reports. For every role, on own and foreign resources, a flag
// must be true exactly where the matrix says that procedure answers "allowed" (and the test above holds the router to
// the matrix), so a page can neither offer what the server refuses nor hide what it allows.

type MeCan = Awaited<ReturnType<Person["caller"]["identity"]["me"]>>["can"];
/** The procedure each platform flag of identity.me reports, and on whose resources (a "foreign" list that is not
 * filtered is one that spans every team). */
const platformFlags: Record<Exclude<keyof MeCan, "seeTargetConnections" | "exportAudit">, { path: ProcedurePath; scope: Scope }> = {
  curateCatalog: { path: "catalog.create", scope: "own" },
  curateSigningKeys: { path: "signingKeys.add", scope: "own" },
  reclassifyApps: { path: "apps.setClassification", scope: "own" },
  seeCatalogImpact: { path: "catalog.impact", scope: "own" },
  readPolicy: { path: "policy.get", scope: "own" },
  editPolicy: { path: "policy.setPlatform", scope: "own" },
  manageTargets: { path: "targets.create", scope: "own" },
  readAudit: { path: "audit.list", scope: "own" },
  administer: { path: "identity.directory", scope: "own" },
  createApps: { path: "apps.create", scope: "own" },
  readEveryTeam: { path: "apps.list", scope: "foreign" },
};
const allowedBy = (path: ProcedurePath, role: Role, scope: Scope) => {
  const entry = matrix[path];
  if (!entry) throw new Error(`${path} has no matrix entry`);
  return expectedOutcome(entry, role, entry.team ? scope : "own") === "allowed";
};

describe("the can flags the views answer", () => {
  it.each(ROLES)("identity.me tells a %s what the platform's procedures allow them", async (role) => {
    const me = await people[role].caller.identity.me();
    const expected = Object.fromEntries(Object.entries(platformFlags).map(([flag, { path, scope }]) => [flag, allowedBy(path, role, scope)]));
    expect(me.can).toMatchObject(expected);
    // Shown, not gated: the platform roles see how Bulkhead reaches a target (which credentials it holds).
    const target = await people[role].caller.targets.get({ id: targetId });
    expect(me.can.seeTargetConnections).toBe(target.credentialsSummary !== null);
    // The export is its own route's procedure (server/routers/audit-export.ts).
    const exported = await exportCaller({ actor: people[role].actor, meta: people[role].meta }).export({ format: "csv", filter: {} }).then(
      () => true,
      (error: unknown) => (error instanceof TRPCError && error.code === "FORBIDDEN" ? false : Promise.reject(error)),
    );
    expect(me.can.exportAudit).toBe(exported);
  });

  it.each(ROLES)("apps.get, deployments.get and targets.get tell a %s what the procedures on that resource allow them", async (role) => {
    const person = people[role];
    for (const scope of ["own", "foreign"] as const) {
      const team = scope === "own" ? own : foreign;
      if (!allowedBy("apps.get", role, scope)) continue; // not even shown to them
      const app = await person.caller.apps.get({ id: team.appId });
      expect(app.can, `${role} on the ${scope} team's app`).toEqual({ edit: allowedBy("apps.update", role, scope), deploy: allowedBy("deployments.deploy", role, scope), delete: allowedBy("apps.delete", role, scope), classify: allowedBy("apps.setClassification", role, scope) || allowedBy("apps.update", role, scope) });
      const deployment = await person.caller.deployments.get({ id: team.deploymentId });
      expect(deployment.can, `${role} on the ${scope} team's deployment`).toEqual({ change: allowedBy("deployments.scale", role, scope), checkDrift: allowedBy("deployments.checkDrift", role, scope) });
    }
    const target = await person.caller.targets.get({ id: targetId });
    const manage = allowedBy("targets.update", role, "own");
    expect(target.can).toMatchObject({ edit: manage, rotateCredentials: allowedBy("targets.rotateCredentials", role, "own"), testConnection: allowedBy("targets.testConnection", role, "own"), delete: allowedBy("targets.delete", role, "own") });
  });
});

// ---- API tokens: every procedure called with a token of each ability ----
//
// A token may call what one of its abilities grants (server/tokens/grants.ts), and there it answers exactly as its
// owner would; anything else is FORBIDDEN, audited as denied. Owners: a developer of the own team for the app
// abilities (also as the own team's service token), a compliance officer for the audit trail. The tokens are real
// rows, resolved from their text by the same code as an HTTP request's Authorization header.

const tokenMeta = { requestId: "matrix-token-setup", sourceIp: "127.0.0.9", userAgent: "vitest" };

async function tokenActor(made: { secret: string }): Promise<Actor> {
  const resolved = await actorFromBearer(`Bearer ${made.secret}`, tokenMeta);
  if (!resolved.actor) throw new Error(`token does not resolve: ${resolved.problem}`);
  return resolved.actor;
}

interface TokenCaller {
  label: string;
  ability: TokenAbility;
  /** The role whose matrix answers the token's allowed calls must match. */
  role: Role;
  actor: Actor;
}

const tokenCallers: TokenCaller[] = [];
const grants: Record<string, Grant | undefined> = tokenGrants;

beforeAll(async () => {
  const personal: [TokenAbility, Role][] = [["read", "developer"], ["deploy", "developer"], ["manage_apps", "developer"], ["audit_export", "compliance"], ["read", "operator"], ["read", "admin"]];
  for (const [ability, role] of personal) {
    const made = await createPersonalToken(people[role], { name: `${role}-${ability}`, abilities: [ability], expiresInDays: 30 });
    tokenCallers.push({ label: `${role}'s token with ${ability}`, ability, role, actor: await tokenActor(made) });
  }
  for (const ability of ["read", "deploy", "manage_apps"] as const) {
    const made = await createTeamToken(people.operator, { teamId: own.teamId, name: `team-${ability}`, abilities: [ability], expiresInDays: 30 });
    tokenCallers.push({ label: `own team's service token with ${ability}`, ability, role: "developer", actor: await tokenActor(made) });
  }
});

/** A developer's token of the own team limited to one app. */
async function limitedTo(appId: string, ability: TokenAbility): Promise<Actor> {
  return tokenActor(await createPersonalToken(people.developer, { name: unique("limited"), abilities: [ability], appIds: [appId], expiresInDays: 30 }));
}

describe("every procedure, called with an API token", () => {
  it.each(procedures.map((p) => p.path))("%s answers a token of each ability as its grant and its owner's role declare", async (path) => {
    const entry = matrix[path];
    const makeInput = cases[path];
    if (!entry || !makeInput) return expect.fail(`${path} needs a matrix entry and a case`);
    const grant = grants[path];
    const problems: string[] = [];
    const scopes: Scope[] = entry.team ? ["own", "foreign"] : ["own"];
    for (const caller of tokenCallers) {
      for (const scope of scopes) {
        // Public procedures answer anyone, with or without a token.
        const granted = entry.signedOut === "allowed" || (grant?.abilities.includes(caller.ability) ?? false);
        const outcome: Outcome = granted ? expectedOutcome(entry, caller.role, scope) : "forbidden";
        const { answer, requestId } = await call(path, caller, await makeInput(scope === "own" ? own : foreign));
        const problem = await mismatch(outcome, answer, requestId, foreignIds);
        if (problem) problems.push(`${caller.label} on ${entry.team ? `${scope} team` : "n/a"}: ${problem}`);
        if (!answer.ok && DOMAIN_REFUSALS.includes(answer.code)) domainRefusals.push(`${path} with ${caller.label} (${scope}): ${answer.code} ${answer.message}`);
      }
    }
    expect(problems, `${path}: a token's answers differ from server/tokens/grants.ts and the matrix`).toEqual([]);
  });

  it.each(procedures.map((p) => p.path))("%s keeps a token limited to some apps within them", async (path) => {
    const grant = grants[path];
    const entry = matrix[path];
    const ability = grant?.abilities.find((a) => a !== "audit_export");
    if (!grant || !entry || !ability) return; // no token limited to apps reaches it: the sweep above refuses them all
    const problems: string[] = [];
    const input = await cases[path](own);
    if (grant.apps === "every-app") {
      const { answer, requestId } = await call(path, { actor: await limitedTo(own.appId, ability) }, input);
      const problem = await mismatch("forbidden", answer, requestId, []);
      if (problem) problems.push(`a limited token: ${problem}`);
    } else if (grant.apps === "list") {
      const { answer } = await call(path, { actor: await limitedTo(own.appId, ability) }, input);
      const others = await db().app.findMany({ where: { teamId: own.teamId, id: { not: own.appId } }, select: { id: true } });
      const text = JSON.stringify(answer.ok ? answer.value : null);
      if (!answer.ok) problems.push(`a limited token's list: ${answer.code}`);
      else if (!text.includes(own.appId)) problems.push("a limited token's list leaves out its own app");
      else if (others.some((app) => text.includes(app.id))) problems.push("a limited token's list shows apps it is not limited to");
    } else if (typeof grant.apps === "function") {
      const touched = await grant.apps(input as Record<string, unknown>);
      if (!touched) return expect.fail(`${path}: the case names no app the grant can find`);
      const within = await call(path, { actor: await limitedTo(touched.id, ability) }, input);
      const asDeveloper = expectedOutcome(entry, "developer", "own");
      const problem = await mismatch(asDeveloper, within.answer, within.requestId, foreignIds);
      if (problem) problems.push(`a token limited to the app the call names: ${problem}`);
      const other = (await freshApp(own)).id;
      const beyond = await call(path, { actor: await limitedTo(other, ability) }, await cases[path](own));
      const refused = await mismatch("forbidden", beyond.answer, beyond.requestId, []);
      if (refused) problems.push(`a token limited to another app of the team: ${refused}`);
      const foreignCall = await call(path, { actor: await limitedTo(other, ability) }, await cases[path](foreign));
      const hidden = await mismatch("not-found", foreignCall.answer, foreignCall.requestId, []);
      if (hidden) problems.push(`a token limited to an app, on another team's app: ${hidden}`);
    }
    expect(problems, `${path}: app limits`).toEqual([]);
  });
});

it("made the allowed calls succeed rather than end in domain refusals", () => {
  // Allowed calls answered BAD_REQUEST or CONFLICT would prove little: the inputs above are meant to succeed.
  expect(domainRefusals).toEqual([]);
});
