import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { appRouter, createCaller } from "@/server/routers";
import { makeBaseImage } from "@/server/testing/catalog";
import { makeCaller, makeTeam } from "@/server/testing/callers";
import { baseSettings, startTestSandbox } from "@/server/testing/sandbox";

// Every mutating procedure, enumerated from the router itself: each must write an "ok" audit event when
// allowed and a "denied" one when refused. A new mutation without a case here fails the first test.

type Person = Awaited<ReturnType<typeof makeCaller>>;
type Call = (input: unknown) => Promise<unknown>;
interface Case {
  allowed: () => Person;
  refused: () => Person;
  input: () => unknown;
}

const procedures = (appRouter as unknown as { _def: { procedures: Record<string, { _def: { type: string } }> } })._def.procedures;
const mutations = Object.entries(procedures)
  .filter(([, procedure]) => procedure._def.type === "mutation")
  .map(([path]) => path)
  .sort();

/** Calls `path` as `person` with a request id of its own, so the audit event of exactly this call is found. */
async function call(path: string, person: Person, input: unknown) {
  const requestId = `coverage-${randomUUID()}`;
  const caller = createCaller({ actor: person.actor, meta: { ...person.meta, requestId } }) as unknown as Record<string, Record<string, Call>>;
  const [area, name] = path.split(".");
  const result = await caller[area][name](input).catch((error: unknown) => ({ error }));
  return { requestId, result };
}

let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
let devA: Person, devB: Person, operator: Person, admin: Person, compliance: Person;
const made: Record<string, string> = {};

beforeAll(async () => {
  sandbox = await startTestSandbox({ workers: false });
  const teamA = await makeTeam("Covered");
  const teamB = await makeTeam("Other");
  made.teamA = teamA.id;
  devA = await makeCaller("developer", [teamA.id]);
  devB = await makeCaller("developer", [teamB.id]);
  operator = await makeCaller("operator");
  admin = await makeCaller("admin");
  compliance = await makeCaller("compliance");
  for (const key of ["image", "toUpdate", "toDeprecate", "toRevoke"]) made[key] = (await makeBaseImage()).id;
  made.callee = (await db().app.create({ data: { teamId: teamA.id, name: "callee", classification: "internal", baseImageId: made.image } })).id;
});
afterAll(() => sandbox?.stop());

const app = (name: string) => ({ teamId: made.teamA, name, description: "", classification: "internal", baseImageId: made.image });
const deployment = () => ({ id: made.deployment });
const link = (port: number) => ({ fromAppId: made.app, toAppId: made.callee, port, reason: "covered" });

// In order: later cases use what earlier ones made (the app, its deployment).
const cases: Record<string, Case> = {
  "apps.create": { allowed: () => devA, refused: () => devB, input: () => app("covered") },
  "apps.update": { allowed: () => devA, refused: () => devB, input: () => ({ id: made.app, description: "changed" }) },
  // devA requests, so the four-eyes rule leaves the decision to the operator.
  "links.request": { allowed: () => devA, refused: () => devB, input: () => link(8080) },
  "links.approve": { allowed: () => operator, refused: () => devB, input: () => ({ id: made.link, note: "" }) },
  "links.reject": { allowed: () => operator, refused: () => devA, input: () => ({ id: made.pendingLink, note: "" }) },
  "links.revoke": { allowed: () => devA, refused: () => devB, input: () => ({ id: made.link, note: "" }) },
  "deployments.deploy": { allowed: () => devA, refused: () => devB, input: () => ({ appId: made.app, targetId: sandbox.byKind["aws-ecs"].targetId, ...baseSettings }) },
  "deployments.scale": { allowed: () => devA, refused: () => devB, input: () => ({ ...deployment(), minInstances: 1, maxInstances: 2 }) },
  "deployments.rollback": { allowed: () => devA, refused: () => devB, input: () => ({ ...deployment(), toRevision: 1 }) },
  "deployments.destroy": { allowed: () => devA, refused: () => devB, input: deployment },
  "apps.delete": { allowed: () => devA, refused: () => devB, input: () => ({ id: made.disposable }) },
  "targets.create": {
    allowed: () => operator,
    refused: () => devA,
    input: () => ({
      name: "covered-target",
      coordinates: { kind: "gcp-cloud-run", region: "europe-west1", projectId: "covered-project" },
      credentials: { kind: "gcp-cloud-run", accessToken: "token" },
    }),
  },
  "catalog.create": {
    allowed: () => operator,
    refused: () => devA,
    input: () => ({ family: "os", name: "Covered OS", version: "1.0", reference: `registry.example.com/base/covered@sha256:${"c".repeat(64)}` }),
  },
  "catalog.update": { allowed: () => operator, refused: () => devA, input: () => ({ id: made.toUpdate, notes: "covered" }) },
  "catalog.deprecate": { allowed: () => operator, refused: () => devA, input: () => ({ id: made.toDeprecate, reason: "covered" }) },
  "catalog.revoke": { allowed: () => operator, refused: () => devA, input: () => ({ id: made.toRevoke, reason: "covered" }) },
  "policy.setPlatform": { allowed: () => operator, refused: () => devA, input: () => made.platformPolicy && JSON.parse(made.platformPolicy) },
  "policy.setTeamOverride": { allowed: () => operator, refused: () => devA, input: () => ({ teamId: made.teamA, encryption: {} }) },
  "identity.setRole": { allowed: () => admin, refused: () => operator, input: () => ({ userId: devB.actor.userId, role: "developer" }) },
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
    if (path === "overrides.request") made.override = id!;
  });
});
