import { randomBytes } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";
import { baseSettings } from "@/testing/sandbox";
import { PLATFORM_POLICY } from "./platform";
import { syntheticCredentials } from "@/testing/credentials";

let ops: Awaited<ReturnType<typeof makeCaller>>;
let dev: Awaited<ReturnType<typeof makeCaller>>;
let teamId: string;

beforeAll(async () => {
  process.env.BULKHEAD_CREDENTIALS_KEY ??= randomBytes(32).toString("base64");
  teamId = (await makeTeam("Strict")).id;
  ops = await makeCaller("operator");
  dev = await makeCaller("developer", [teamId]);
});

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

const strictPlatform = { ...PLATFORM_POLICY, encryption: { ...PLATFORM_POLICY.encryption, ingressTlsRequired: true, egressRestricted: true, egressAllowList: ["api.stripe.com"] } };

describe("policy storage", () => {
  it("an operator changes the platform policy, audited with before and after; a developer may not", async () => {
    expect((await ops.caller.policy.get()).platform).toEqual(PLATFORM_POLICY);
    await ops.caller.policy.setPlatform(strictPlatform);
    expect((await ops.caller.policy.get()).platform).toEqual(strictPlatform);
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: "policy.platform.update" } });
    expect(event).toMatchObject({ outcome: "ok", actorId: ops.actor.userId, before: expect.objectContaining({ encryption: expect.objectContaining({ ingressTlsRequired: false }) }), after: expect.objectContaining({ encryption: expect.objectContaining({ ingressTlsRequired: true }) }) });

    expect((await failure(dev.caller.policy.setPlatform(PLATFORM_POLICY))).code).toBe("FORBIDDEN");
  });

  it("refuses a team override that would loosen the platform policy, naming each setting, and audits the refusal", async () => {
    const error = await failure(ops.caller.policy.setTeamOverride({ teamId, encryption: { ingressTlsRequired: false, egressAllowList: ["api.stripe.com", "pastebin.com"] } }));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toMatch(/The platform requires ingressTlsRequired; a team override may only tighten the policy, not turn it off/);
    expect(error.message).toMatch(/the platform does not allow pastebin\.com/);
    expect(await db().teamPolicy.count({ where: { teamId } })).toBe(0);
    const denied = await db().auditEvent.findFirstOrThrow({ where: { action: "policy.team.update", outcome: "denied" } });
    expect(denied).toMatchObject({ teamId, actorId: ops.actor.userId, reason: expect.stringMatching(/ingressTlsRequired/) });
  });

  it("keeps a team override that tightens it, audited, and deploys of that team are judged by it", async () => {
    await ops.caller.policy.setTeamOverride({ teamId, encryption: { minTlsVersion: "1.3", serviceToServiceMutualAuth: true } });
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: "policy.team.update", outcome: "ok" } });
    expect(event).toMatchObject({ teamId, before: null, after: { minTlsVersion: "1.3", serviceToServiceMutualAuth: true } });
    expect((await ops.caller.policy.get()).teams.find((t) => t.id === teamId)?.override).toEqual({ minTlsVersion: "1.3", serviceToServiceMutualAuth: true });

    const target = await ops.caller.targets.create({
      name: "plain-ecs",
      coordinates: { kind: "aws-ecs", region: "eu-west-1", cluster: "apps", subnets: ["subnet-1"], securityGroups: ["sg-1"], executionRoleArn: "arn:aws:iam::123456789012:role/exec" },
      credentials: syntheticCredentials("aws-ecs"),
    });
    const app = await dev.caller.apps.create({ teamId, name: "strict-api", description: "", classification: "internal", baseImageId: (await makeBaseImage()).id });
    const preview = await dev.caller.deployments.preview({ appId: app.id, targetId: target.id, ...baseSettings });
    expect(preview.plan).toBeNull();
    expect(preview.decision?.policy.encryption).toMatchObject({ ingressTlsRequired: true, minTlsVersion: "1.3", serviceToServiceMutualAuth: true });
    expect(preview.decision?.reasons.map((r) => r.subject)).toEqual(expect.arrayContaining(["ingressTlsRequired", "minTlsVersion", "serviceToServiceMutualAuth"]));
    const error = await failure(dev.caller.deployments.deploy({ appId: app.id, targetId: target.id, ...baseSettings }));
    expect(error.message).toMatch(/plain-ecs cannot enforce ingressTlsRequired/);
  });
});
