import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { appRouter, createCaller } from "@/server/routers";
import { procedureOf, proceduresOf } from "@/server/trpc/router-procedures";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";
import { baseSettings, startTestSandbox } from "@/testing/sandbox";
import { syntheticCredentials } from "@/testing/credentials";
import { labelledSigningKey } from "@/oci/build/signing-key";
import { invite } from "@/server/identity/invitations";
import { createTarget } from "@/server/targets/service";
import { type RunningRegistry, startRegistryEmulator } from "@/oci/emulator/emulator";

// Every mutating procedure, enumerated from the router itself: each must write an "ok" audit event when
// allowed and a "denied" one when refused. A new mutation without a case here fails the first test.

type Person = Awaited<ReturnType<typeof makeCaller>>;
interface Case {
  allowed: () => Person;
  refused: () => Person;
  input: () => unknown;
}

const mutations = proceduresOf(appRouter)
  .filter((procedure) => procedure.type === "mutation")
  .map(({ path }) => path)
  .sort();

/** Calls `path` as `person` with a request id of its own, so the audit event of exactly this call is found. */
async function call(path: string, person: Person, input: unknown) {
  const requestId = `coverage-${randomUUID()}`;
  const caller = createCaller({ actor: person.actor, meta: { ...person.meta, requestId } });
  const result = await procedureOf(caller, path)(input).catch((error: unknown) => ({ error }));
  return { requestId, result };
}

let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
/** A registry that lets "puller" in, so registries.set gets past its login check. */
let registry: RunningRegistry;
let devA: Person, devB: Person, operator: Person, admin: Person, compliance: Person;
const made: Record<string, string> = {};
/** identity.acceptInvitation's inputs in call order: a token that was never issued (refused), then a valid one. */
const acceptTokens: string[] = [];

beforeAll(async () => {
  sandbox = await startTestSandbox({ workers: false });
  registry = await startRegistryEmulator({ users: { puller: "covered-password" } });
  const teamA = await makeTeam("Covered");
  const teamB = await makeTeam("Other");
  made.teamA = teamA.id;
  devA = await makeCaller("developer", [teamA.id]);
  devB = await makeCaller("developer", [teamB.id]);
  operator = await makeCaller("operator");
  admin = await makeCaller("admin");
  compliance = await makeCaller("compliance");
  for (const key of ["image", "toUpdate", "toDeprecate", "toRestrict", "toRevoke"]) made[key] = (await makeBaseImage()).id;
  made.callee = (await db().app.create({ data: { teamId: teamA.id, name: "callee", classification: "internal", baseImageId: made.image } })).id;
  made.person = (await makeCaller("developer", [teamA.id])).actor.userId;
  made.spareTeam = (await makeTeam("Spare")).id;
  const spare = await createTarget(operator, {
    name: "covered-spare",
    coordinates: { kind: "aws-ecs", region: "eu-west-1", cluster: "spare", subnets: ["subnet-0a1b2c3d"], securityGroups: ["sg-0a1b2c3d"], executionRoleArn: "arn:aws:iam::000000000000:role/run" },
    credentials: syntheticCredentials("aws-ecs"),
    labels: {},
  });
  made.spareTarget = spare.id;
  made.spareCoordinates = JSON.stringify(spare.coordinates);
  made.invitation = (await invite(admin, { email: "revoked@invited.test", name: "", role: "compliance" })).id;
  const accepted = await invite(admin, { email: "accepting@invited.test", name: "", role: "developer", teamId: teamA.id });
  acceptTokens.push("A".repeat(43), new URL(accepted.link).hash.slice(1));
});
afterAll(async () => {
  await registry?.stop();
  await sandbox?.stop();
});

/** The person, calling with an API token that may read. */
const withToken = (person: Person): Person => ({ ...person, actor: { ...person.actor, token: { id: randomUUID(), name: "covered", kind: "personal", abilities: ["read"], appIds: null } } });
const app = (name: string) => ({ teamId: made.teamA, name, description: "", classification: "internal", baseImageId: made.image });
const deployment = () => ({ id: made.deployment });
const link = (port: number) => ({ fromAppId: made.app, toAppId: made.callee, port, reason: "covered" });

// In order: later cases use what earlier ones made (the app, its deployment).
const cases: Record<string, Case> = {
  "apps.create": { allowed: () => devA, refused: () => devB, input: () => app("covered") },
  "apps.update": { allowed: () => devA, refused: () => devB, input: () => ({ id: made.app, description: "changed" }) },
  // "public": placement asks nothing of it, so the deploys below still go through.
  "apps.setClassification": { allowed: () => operator, refused: () => devA, input: () => ({ id: made.app, classification: "public", reason: "covered" }) },
  "signingKeys.add": { allowed: () => operator, refused: () => devA, input: () => ({ teamId: null, name: "covered", publicKey: labelledSigningKey("covered").publicKeyPem }) },
  "signingKeys.remove": { allowed: () => operator, refused: () => devA, input: () => ({ id: made.signingKey }) },
  "secrets.set": { allowed: () => devA, refused: () => devB, input: () => ({ appId: made.app, name: "DB_PASSWORD", value: "covered" }) },
  "secrets.delete": { allowed: () => devA, refused: () => devB, input: () => ({ appId: made.app, name: "DB_PASSWORD" }) },
  // devA requests, so the four-eyes rule leaves the decision to the operator.
  "links.request": { allowed: () => devA, refused: () => devB, input: () => link(8080) },
  "links.approve": { allowed: () => operator, refused: () => devB, input: () => ({ id: made.link, note: "" }) },
  "links.reject": { allowed: () => operator, refused: () => devA, input: () => ({ id: made.pendingLink, note: "" }) },
  "links.revoke": { allowed: () => devA, refused: () => devB, input: () => ({ id: made.link, note: "" }) },
  "deployments.deploy": { allowed: () => devA, refused: () => devB, input: () => ({ appId: made.app, targetId: sandbox.byKind["aws-ecs"].targetId, ...baseSettings }) },
  // Only a running deployment is read back; no worker runs here, so the case marks it running first.
  "deployments.checkDrift": { allowed: () => operator, refused: () => devB, input: deployment },
  // Compliance officers read and download logs too; another team's developer may not. Nothing ran in a cloud: an empty file.
  "deployments.exportLogs": { allowed: () => compliance, refused: () => devB, input: deployment },
  "deployments.scale": { allowed: () => devA, refused: () => devB, input: () => ({ ...deployment(), minInstances: 1, maxInstances: 2 }) },
  "deployments.rollback": { allowed: () => devA, refused: () => devB, input: () => ({ ...deployment(), toRevision: 1 }) },
  "deployments.reapply": { allowed: () => devA, refused: () => devB, input: deployment },
  "deployments.destroy": { allowed: () => devA, refused: () => devB, input: deployment },
  "apps.delete": { allowed: () => devA, refused: () => devB, input: () => ({ id: made.disposable }) },
  "targets.create": {
    allowed: () => operator,
    refused: () => devA,
    input: () => ({
      name: "covered-target",
      coordinates: { kind: "gcp-cloud-run", region: "europe-west1", projectId: "covered-project" },
      credentials: syntheticCredentials("gcp-cloud-run"),
    }),
  },
  "catalog.create": {
    allowed: () => operator,
    refused: () => devA,
    input: () => ({ family: "os", name: "Covered OS", version: "1.0", reference: `registry.example.com/base/covered@sha256:${"c".repeat(64)}` }),
  },
  "catalog.update": { allowed: () => operator, refused: () => devA, input: () => ({ id: made.toUpdate, notes: "covered" }) },
  "catalog.deprecate": { allowed: () => operator, refused: () => devA, input: () => ({ id: made.toDeprecate, reason: "covered" }) },
  "catalog.restrict": { allowed: () => operator, refused: () => devA, input: () => ({ id: made.toRestrict, reason: "covered" }) },
  "catalog.revoke": { allowed: () => operator, refused: () => devA, input: () => ({ id: made.toRevoke, reason: "covered" }) },
  "policy.setPlatform": { allowed: () => operator, refused: () => devA, input: () => made.platformPolicy && JSON.parse(made.platformPolicy) },
  "policy.setTeamOverride": { allowed: () => operator, refused: () => devA, input: () => ({ teamId: made.teamA, encryption: {} }) },
  "policy.allowPlainEnv": { allowed: () => operator, refused: () => devA, input: () => ({ teamId: made.teamA, name: "PUBLIC_TOKEN", reason: "covered" }) },
  "policy.revokePlainEnv": { allowed: () => operator, refused: () => devA, input: () => ({ teamId: made.teamA, name: "PUBLIC_TOKEN" }) },
  // Tokens are for people: a call made with a token is refused them.
  "tokens.create": { allowed: () => devA, refused: () => withToken(devA), input: () => ({ name: "covered", abilities: ["read"] }) },
  "tokens.createForTeam": { allowed: () => devA, refused: () => devB, input: () => ({ teamId: made.teamA, name: "covered-ci", abilities: ["deploy"] }) },
  "registries.set": { allowed: () => devA, refused: () => devB, input: () => ({ teamId: made.teamA, registry: registry.host, username: "puller", password: "covered-password" }) },
  "registries.delete": { allowed: () => devA, refused: () => devB, input: () => ({ teamId: made.teamA, registry: registry.host }) },
  "tokens.revoke": { allowed: () => devA, refused: () => devB, input: () => ({ id: made.teamToken }) },
  "identity.setRole": { allowed: () => admin, refused: () => operator, input: () => ({ userId: devB.actor.userId, role: "developer" }) },
  "identity.setMemberships": { allowed: () => admin, refused: () => operator, input: () => ({ userId: devB.actor.userId, teamIds: [made.teamA] }) },
  "identity.deactivate": { allowed: () => admin, refused: () => operator, input: () => ({ userId: made.person }) },
  "identity.reactivate": { allowed: () => admin, refused: () => operator, input: () => ({ userId: made.person }) },
  "identity.createTeam": { allowed: () => admin, refused: () => operator, input: () => ({ name: "Covered Team" }) },
  "identity.renameTeam": { allowed: () => admin, refused: () => operator, input: () => ({ teamId: made.spareTeam, name: "Renamed Team" }) },
  "identity.archiveTeam": { allowed: () => admin, refused: () => operator, input: () => ({ teamId: made.spareTeam }) },
  "identity.restoreTeam": { allowed: () => admin, refused: () => operator, input: () => ({ teamId: made.spareTeam }) },
  "identity.invite": { allowed: () => admin, refused: () => operator, input: () => ({ email: "covered@invited.test", role: "operator" }) },
  "identity.revokeInvitation": { allowed: () => admin, refused: () => operator, input: () => ({ id: made.invitation }) },
  // Public: the link is the credential. Refused = a link that is not (or no longer) valid, whoever opens it.
  "identity.acceptInvitation": { allowed: () => devA, refused: () => devB, input: () => ({ token: acceptTokens.shift(), name: "Covered Person", password: "a-long-enough-password" }) },
  "targets.update": { allowed: () => operator, refused: () => devA, input: () => ({ id: made.spareTarget, name: "covered-renamed", coordinates: made.spareCoordinates && JSON.parse(made.spareCoordinates), labels: {} }) },
  "targets.rotateCredentials": { allowed: () => operator, refused: () => devA, input: () => ({ id: made.spareTarget, credentials: syntheticCredentials("aws-ecs") }) },
  "targets.testConnection": { allowed: () => operator, refused: () => devA, input: () => ({ id: sandbox.byKind["aws-ecs"].targetId }) },
  "targets.disable": { allowed: () => operator, refused: () => devA, input: () => ({ id: made.spareTarget, reason: "covered" }) },
  "targets.enable": { allowed: () => operator, refused: () => devA, input: () => ({ id: made.spareTarget }) },
  "targets.delete": { allowed: () => operator, refused: () => devA, input: () => ({ id: made.spareTarget }) },
  "audit.startVerification": { allowed: () => compliance, refused: () => operator, input: () => ({}) },
  // devA requests an override of its own refused deploy; an operator decides it, devA may not.
  "overrides.request": { allowed: () => devA, refused: () => devB, input: () => ({ refusal: made.refusal, reason: "covered by an outage", durationMinutes: 15 }) },
  "overrides.approve": { allowed: () => operator, refused: () => devA, input: () => ({ id: made.override, note: "" }) },
  "overrides.reject": { allowed: () => operator, refused: () => devA, input: () => ({ id: made.pendingOverride, note: "" }) },
};

/** A deploy of a new app of team A on an image revoked since: refused by policy, as the router records it. */
async function refusedDeploy(name: string): Promise<string> {
  const image = (await makeBaseImage()).id;
  const created = (await createCaller({ actor: devA.actor, meta: devA.meta }).apps.create({ ...app(name), baseImageId: image } as never)) as { id: string };
  await db().baseImage.update({ where: { id: image }, data: { status: "revoked" } });
  const error = await createCaller({ actor: devA.actor, meta: devA.meta })
    .deployments.deploy({ appId: created.id, targetId: sandbox.byKind["aws-ecs"].targetId, ...baseSettings })
    .then(() => null, (e: { cause?: { auditedAs?: bigint } }) => e);
  return error!.cause!.auditedAs!.toString();
}

it("has a case for every mutating procedure of the router", () => {
  console.log(`${mutations.length} mutating procedures`);
  expect(Object.keys(cases).sort()).toEqual(mutations);
});

describe("each mutation is audited", () => {
  it.each(Object.keys(cases))("%s writes ok when allowed and denied when refused", async (path) => {
    if (path === "policy.setPlatform") made.platformPolicy = JSON.stringify((await (createCaller({ actor: operator.actor, meta: operator.meta }).policy.get())).platform);
    if (path === "links.reject") made.pendingLink = ((await createCaller({ actor: devA.actor, meta: devA.meta }).links.request(link(9090))) as { id: string }).id;
    if (path === "deployments.checkDrift") await db().deployment.update({ where: { id: made.deployment }, data: { status: "running" } });
    if (path === "overrides.request") made.refusal = await refusedDeploy("overridden");
    if (path === "overrides.reject") made.pendingOverride = ((await createCaller({ actor: devA.actor, meta: devA.meta }).overrides.request({ refusal: await refusedDeploy("rejected"), reason: "covered by an outage", durationMinutes: 15 })) as { id: string }).id;
    if (path === "apps.delete") made.disposable = ((await createCaller({ actor: devA.actor, meta: devA.meta }).apps.create(app("disposable") as never)) as { id: string }).id;
    const testCase = cases[path];

    const refused = await call(path, testCase.refused(), testCase.input());
    expect(refused.result, `${path} must refuse`).toHaveProperty("error");
    const denied = await db().auditEvent.findMany({ where: { requestId: refused.requestId } });
    expect(denied.map((e) => e.outcome), `${path} refusal audited`).toEqual(["denied"]);

    const allowed = await call(path, testCase.allowed(), testCase.input());
    expect(allowed.result, `${path} must succeed`).not.toHaveProperty("error");
    const ok = await db().auditEvent.findMany({ where: { requestId: allowed.requestId } });
    expect(ok.length, `${path} audited`).toBeGreaterThan(0);
    expect(ok.every((e) => e.outcome === "ok")).toBe(true);

    const id = (allowed.result as { id?: string }).id;
    if (path === "apps.create") made.app = id!;
    if (path === "links.request") made.link = id!;
    if (path === "deployments.deploy") made.deployment = id!;
    if (path === "tokens.createForTeam") made.teamToken = (allowed.result as { token: { id: string } }).token.id;
    if (path === "overrides.request") made.override = id!;
    if (path === "signingKeys.add") made.signingKey = id!;
  });
});
