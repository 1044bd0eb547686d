// Every refused mutation is an audited `denied` event saying why — policy, a provider's rule, a conflict, the
// input's validation, a resource that is not there — recorded against the resource it was aimed at, so that
// resource's timeline shows the refused attempt; and the API answer names the denied event.
import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { authorizationMatrix, expectedOutcome, ROLES, type MatrixEntry } from "@/testing/authorization-matrix";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";
import { signedInUser, trpcHttp } from "@/testing/http";
import { listProcedures } from "@/testing/procedures";
import { baseSettings, startTestSandbox } from "@/testing/sandbox";
import { refusalTargets } from "./refusal-targets";
import { procedureOf } from "./router-procedures";

type Person = Awaited<ReturnType<typeof makeCaller>>;
const mutations = listProcedures().filter((procedure) => procedure.type === "mutation");
const matrix: Record<string, MatrixEntry | undefined> = authorizationMatrix;
let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
let teamId: string, developer: Person, appId: string, deploymentId: string;

beforeAll(async () => {
  sandbox = await startTestSandbox({ workers: false });
  teamId = (await makeTeam("Refusals")).id;
  developer = await makeCaller("developer", [teamId]);
  appId = (await developer.caller.apps.create({ teamId, name: "refused", description: "", classification: "internal", baseImageId: (await makeBaseImage()).id })).id;
  deploymentId = (await developer.caller.deployments.deploy({ appId, targetId: sandbox.byKind["aws-ecs"].targetId, ...baseSettings })).id;
}, 120_000);
afterAll(() => sandbox?.stop());

/** The one denied event of the latest call made with this request id. */
async function deniedOf(requestId: string) {
  const events = await db().auditEvent.findMany({ where: { requestId, outcome: "denied" } });
  expect(events, `denied events of ${requestId}`).toHaveLength(1);
  return events[0];
}

async function refused(call: Promise<unknown>): Promise<TRPCError> {
  const error = await call.then(() => null, (e: TRPCError) => e);
  if (!error) throw new Error("expected a refusal");
  return error;
}

it("names, for every mutation, what its refusals are recorded against", () => {
  const missing = mutations.map((m) => m.path).filter((path) => !(path in refusalTargets));
  expect(missing, "add a line to server/trpc/refusal-targets.ts").toEqual([]);
});

describe("a mutation refused by its input's schema", () => {
  // Signed in: a call nobody signed in makes (an invitation link's) is answered, not written to the trail, which
  // anyone could otherwise fill.
  it.each(mutations.map((m) => m.path).filter((path) => matrix[path]?.signedOut !== "allowed"))("%s is audited as denied (validation), naming the action", async (path) => {
    const entry = matrix[path]!;
    const role = ROLES.find((r) => expectedOutcome(entry, r, "own") === "allowed")!;
    const person = await makeCaller(role, [teamId]);
    const procedure = procedureOf(person.caller, path);
    const error = await refused(procedure(42));
    expect(error.code).toBe("BAD_REQUEST");
    const event = await deniedOf(person.meta.requestId);
    expect(event).toMatchObject({ action: (refusalTargets as Record<string, { action: string }>)[path].action, outcome: "denied", after: { refusal: "validation" }, reason: expect.stringMatching(/^Invalid input/) });
  });
});

describe("each kind of refusal", () => {
  it("a conflict (a duplicate app name) is recorded against the team", async () => {
    const person = await makeCaller("developer", [teamId]);
    await refused(person.caller.apps.create({ teamId, name: "refused", description: "", classification: "internal", baseImageId: (await makeBaseImage()).id }));
    expect(await deniedOf(person.meta.requestId)).toMatchObject({ action: "app.create", resourceType: "team", resourceId: teamId, after: { refusal: "conflict" }, reason: 'An app named "refused" already exists in this team' });
  });

  it("a provider's rule (a CPU and memory pair Fargate does not offer) is recorded against the app", async () => {
    const person = await makeCaller("developer", [teamId]);
    await refused(person.caller.deployments.deploy({ appId, targetId: sandbox.byKind["aws-ecs"].targetId, ...baseSettings, cpu: 0.25, memoryMiB: 8192 }));
    expect(await deniedOf(person.meta.requestId)).toMatchObject({ action: "deployment.deploy", resourceType: "app", resourceId: appId, after: { refusal: "provider", fields: { memoryMiB: [expect.any(String)] } } });
  });

  it("a resource that is not there is recorded as not found", async () => {
    const person = await makeCaller("developer", [teamId]);
    const missing = randomUUID();
    await refused(person.caller.apps.update({ id: missing, description: "x" }));
    expect(await deniedOf(person.meta.requestId)).toMatchObject({ action: "app.update", resourceType: "app", resourceId: missing, after: { refusal: "not found" }, reason: "App not found" });
  });

  it("a schema refusal of a deployment's scale shows on that deployment's timeline", async () => {
    const person = await makeCaller("developer", [teamId]);
    await refused(person.caller.deployments.scale({ id: deploymentId, minInstances: 5, maxInstances: 2 }));
    const compliance = await makeCaller("compliance");
    const timeline = await compliance.caller.audit.list({ resourceType: "deployment", resourceId: deploymentId, limit: 50 });
    expect(timeline.events.find((e) => e.requestId === person.meta.requestId)).toMatchObject({ action: "deployment.scale", outcome: "denied", after: { refusal: "validation", fields: { minInstances: [expect.any(String)] } } });
  });

  it("text Postgres cannot store in the input is refused and audited without it", async () => {
    const person = await makeCaller("developer", [teamId]);
    await refused(person.caller.apps.update({ id: appId, description: "nul \u0000 here" } as never));
    const event = await deniedOf(person.meta.requestId);
    expect(event).toMatchObject({ resourceId: appId, after: { refusal: "validation" } });
    expect(event.reason).not.toContain("\u0000");
  });

  it("names the denied event in the API's answer, so the person can refer to it", async () => {
    const user = await signedInUser("developer", [teamId]);
    const answer = await trpcHttp({ path: "deployments.scale", type: "mutation", input: { id: deploymentId, minInstances: 5, maxInstances: 2 } }, { actor: user.actor });
    expect(answer.status).toBe(400);
    const sequence = (answer.error?.data as { refusal?: { sequence: string } | null }).refusal?.sequence;
    expect(await db().auditEvent.findUniqueOrThrow({ where: { sequence: BigInt(sequence!) } })).toMatchObject({ outcome: "denied", action: "deployment.scale", resourceId: deploymentId });
    const conflict = await trpcHttp({ path: "apps.create", type: "mutation", input: { teamId, name: "refused", description: "", classification: "internal", baseImageId: (await makeBaseImage()).id } }, { actor: user.actor });
    const named = (conflict.error?.data as { refusal?: { sequence: string } | null }).refusal?.sequence;
    expect(await db().auditEvent.findUniqueOrThrow({ where: { sequence: BigInt(named!) } })).toMatchObject({ outcome: "denied", action: "app.create", actorId: user.userId });
  });
});
