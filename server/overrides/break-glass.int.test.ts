// Break-glass end to end through the router, against the sandbox clouds and real job workers: a deploy refused
// by policy (a revoked base image) is requested to be overridden naming that refusal, approved by an operator,
// deployed with the override in its revision, shown as waived while active, and judged again at expiry.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { PolicyViolationError } from "@/server/errors";
import { createCaller } from "@/server/routers";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";
import { baseSettings, startTestSandbox } from "@/testing/sandbox";
import { waitFor } from "@/testing/wait-for";
import { expireOverride, startOverrideWorkers } from "./expiry";

type Person = Awaited<ReturnType<typeof makeCaller>>;
let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
let developer: Person, teammate: Person, outsider: Person, operator: Person, compliance: Person;
let appId: string, imageId: string, targetId: string;

/** A refused deploy through the router; the sequence its error names. */
async function refusedDeploy(person: Person, input: object): Promise<string> {
  const error = await person.caller.deployments.deploy(input as never).then(
    () => null,
    (e: TRPCError) => e,
  );
  if (!(error?.cause instanceof PolicyViolationError)) throw new Error(`expected a policy refusal, got ${error?.message ?? "success"}`);
  return error.cause.auditedAs!.toString();
}

beforeAll(async () => {
  sandbox = await startTestSandbox();
  await startOverrideWorkers();
  const team = await makeTeam("Payments");
  const other = await makeTeam("Other");
  developer = await makeCaller("developer", [team.id]);
  teammate = await makeCaller("developer", [team.id]);
  outsider = await makeCaller("developer", [other.id]);
  operator = await makeCaller("operator");
  compliance = await makeCaller("compliance");
  imageId = (await makeBaseImage({ name: "Legacy JDK", version: "17" })).id;
  appId = (await developer.caller.apps.create({ teamId: team.id, name: "batch", description: "", classification: "internal", baseImageId: imageId })).id;
  targetId = sandbox.byKind["gcp-cloud-run"].targetId;
  await operator.caller.catalog.revoke({ id: imageId, reason: "CVE in the bundled JDK" });
}, 120_000);
afterAll(() => sandbox?.stop());

describe("break-glass", () => {
  let refusal: string;
  let overrideId: string;

  it("records the refused deploy as denied on the app, with the request and the reasons, and names it in the error", async () => {
    refusal = await refusedDeploy(developer, { appId, targetId, ...baseSettings });
    const event = await db().auditEvent.findUniqueOrThrow({ where: { sequence: BigInt(refusal) } });
    expect(event).toMatchObject({ action: "deployment.deploy", outcome: "denied", resourceType: "app", resourceId: appId });
    expect(event.after).toMatchObject({ refusal: "policy", reasons: [{ code: "base-image-revoked", subject: "Legacy JDK 17" }], request: { appId, targetId, reason: "deploy" } });
    const refusals = await developer.caller.overrides.forApp({ appId });
    expect(refusals.refusals[0]).toMatchObject({ sequence: refusal, can: { requestOverride: true } });
  });

  it("refuses a request longer than 24 hours, naming the field, and audits the refusal", async () => {
    const error = await developer.caller.overrides.request({ refusal, reason: "hotfix for the outage", durationMinutes: 1441 }).catch((e: TRPCError) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    const denied = await db().auditEvent.findFirstOrThrow({ where: { requestId: developer.meta.requestId, action: "break-glass.request" }, orderBy: { sequence: "desc" } });
    expect(denied).toMatchObject({ outcome: "denied", resourceType: "audit-event", resourceId: refusal, reason: expect.stringContaining("durationMinutes: At most 24 hours") });
    expect(await db().breakGlassOverride.count()).toBe(0);
  });

  it("lets a developer of the team request it; another team's refusal is not found to others", async () => {
    await expect(outsider.caller.overrides.request({ refusal, reason: "hotfix for the outage", durationMinutes: 30 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const requested = await developer.caller.overrides.request({ refusal, reason: "hotfix for the outage", durationMinutes: 30 });
    expect(requested).toMatchObject({ state: "requested", refusalSequence: refusal, app: { name: "batch" }, waives: [{ code: "base-image-revoked" }], can: { decide: false } });
    overrideId = requested.id;
    await expect(teammate.caller.overrides.request({ refusal, reason: "the same again please", durationMinutes: 30 })).rejects.toMatchObject({ code: "CONFLICT" });
    const ok = await db().auditEvent.findFirstOrThrow({ where: { action: "break-glass.request", outcome: "ok" } });
    expect(ok).toMatchObject({ resourceType: "break-glass-override", resourceId: overrideId, reason: "hotfix for the outage" });
  });

  it("is decided by an operator or admin only, never a developer", async () => {
    await expect(teammate.caller.overrides.approve({ id: overrideId, note: "" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(compliance.caller.overrides.approve({ id: overrideId, note: "" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(outsider.caller.overrides.approve({ id: overrideId, note: "" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("once approved, deploys with the override in the revision, and the deployment runs", async () => {
    const approved = await operator.caller.overrides.approve({ id: overrideId, note: "approved for the outage" });
    expect(approved).toMatchObject({ state: "active", usedRevision: 1, decidedByEmail: operator.actor.email });
    expect(approved.expiresAt!.getTime() - approved.decidedAt!.getTime()).toBe(30 * 60_000);
    const revision = await db().deploymentRevision.findFirstOrThrow({ where: { deploymentId: approved.deploymentId! } });
    expect(revision).toMatchObject({ number: 1, overrideId });
    expect(revision.decision).toMatchObject({ allowed: true, reasons: [], waived: [{ code: "base-image-revoked", subject: "Legacy JDK 17" }] });
    const steps = await db().auditEvent.findMany({ where: { resourceType: "break-glass-override", resourceId: overrideId, outcome: "ok" }, orderBy: { sequence: "asc" } });
    expect(steps.map((e) => e.action)).toEqual(["break-glass.request", "break-glass.approve", "break-glass.use"]);
    await waitFor("the overridden deployment running", async () => (await db().deployment.findUniqueOrThrow({ where: { id: approved.deploymentId! } })).status === "running", 60_000);
    // While active it waives what it names: the deployment is not flagged.
    expect((await operator.caller.deployments.nonCompliant()).map((d) => d.id)).not.toContain(approved.deploymentId);
    await expect(operator.caller.overrides.approve({ id: overrideId, note: "" })).rejects.toMatchObject({ code: "CONFLICT" });
  }, 90_000);

  it("does not waive a later, other attempt on the deployment: a refused scale is recorded on the deployment", async () => {
    const { deploymentId } = await db().breakGlassOverride.findUniqueOrThrow({ where: { id: overrideId } });
    const error = await developer.caller.deployments.scale({ id: deploymentId!, minInstances: 1, maxInstances: 2 }).catch((e: TRPCError) => e);
    expect(error).toMatchObject({ code: "FORBIDDEN" });
    const view = await developer.caller.overrides.forDeployment({ deploymentId: deploymentId! });
    expect(view.refusals[0]).toMatchObject({ action: "deployment.scale", can: { requestOverride: true } });
    expect(view.overrides[0]).toMatchObject({ id: overrideId, state: "active" });
    const timeline = await compliance.caller.audit.list({ resourceType: "deployment", resourceId: deploymentId!, limit: 50 });
    expect(timeline.events.map((e) => `${e.action} ${e.outcome}`)).toContain("deployment.scale denied");
  });

  it("at expiry judges the deployment again and flags it when still refused", async () => {
    const { deploymentId } = await db().breakGlassOverride.findUniqueOrThrow({ where: { id: overrideId } });
    // Not yet: an early run waits for the expiry instead.
    expect(await expireOverride(overrideId)).toBeNull();
    await db().breakGlassOverride.update({ where: { id: overrideId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await expireOverride(overrideId)).toMatch(/^still refused: Base image Legacy JDK 17 is revoked/);
    expect(await expireOverride(overrideId)).toBeNull(); // idempotent
    expect((await operator.caller.deployments.nonCompliant()).map((d) => d.id)).toContain(deploymentId);
    const events = await developer.caller.deployments.get({ id: deploymentId! });
    expect(events.events[0].message).toMatch(/Break-glass override expired; still refused by policy/);
    const expire = await db().auditEvent.findFirstOrThrow({ where: { action: "break-glass.expire", resourceId: overrideId } });
    expect(expire).toMatchObject({ outcome: "ok", actorId: null, after: { stillRefused: true } });
  });

  it("is listed for the compliance officer with every step, and filtered by state", async () => {
    const all = await compliance.caller.overrides.list({});
    expect(all.find((o) => o.id === overrideId)).toMatchObject({ state: "expired", expiryVerdict: expect.stringMatching(/^still refused/), requestedByEmail: developer.actor.email, decidedByEmail: operator.actor.email });
    expect((await compliance.caller.overrides.list({ state: "active" })).map((o) => o.id)).not.toContain(overrideId);
    expect((await compliance.caller.overrides.list({ state: "expired" })).map((o) => o.id)).toContain(overrideId);
    expect((await outsider.caller.overrides.list({})).map((o) => o.id)).not.toContain(overrideId);
  });

  it("waives only the refusal it names: a reason found since refuses the approval, which changes nothing", async () => {
    const target = sandbox.byKind["azure-aci"].targetId;
    const refusal = await refusedDeploy(developer, { appId, targetId: target, ...baseSettings });
    const requested = await developer.caller.overrides.request({ refusal, reason: "third target for the outage", durationMinutes: 10 });
    // Meanwhile the image also reached its end of life: a reason the request did not name.
    await db().baseImage.update({ where: { id: imageId }, data: { endOfLife: new Date("2026-01-01T00:00:00Z") } });
    try {
      const error = await operator.caller.overrides.approve({ id: requested.id, note: "" }).catch((e: TRPCError) => e);
      expect(error).toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/reached its end of life/) });
      expect(await db().breakGlassOverride.findUniqueOrThrow({ where: { id: requested.id } })).toMatchObject({ status: "requested", decidedById: null });
      expect(await db().deployment.count({ where: { appId, targetId: target } })).toBe(0);
    } finally {
      await db().baseImage.update({ where: { id: imageId }, data: { endOfLife: null } });
    }
  });

  it("rejects, by an operator, leaving the refusal in place", async () => {
    const second = await refusedDeploy(developer, { appId, targetId: sandbox.byKind["aws-ecs"].targetId, ...baseSettings });
    const requested = await developer.caller.overrides.request({ refusal: second, reason: "second target as well", durationMinutes: 10 });
    const rejected = await createCaller({ actor: operator.actor, meta: operator.meta }).overrides.reject({ id: requested.id, note: "use the successor image" });
    expect(rejected).toMatchObject({ state: "rejected", decisionNote: "use the successor image" });
    expect(await db().deployment.count({ where: { appId, targetId: sandbox.byKind["aws-ecs"].targetId } })).toBe(0);
  });
});
