// App secrets through the real router and database: set, rotate and delete as the app's developers; every change
// re-plans the live deployments whose secrets it changes; values are sealed and never answered, stored in the clear
// or audited; bad input and plain variables that look like secrets are refused naming the field, writing nothing.
import { randomBytes } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { stopQueue } from "@/server/jobs/queue";
import { createTarget } from "@/server/targets/service";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";
import { baseSettings } from "@/testing/sandbox";
import { openValue } from "./envelope";
import { MAX_SECRET_BYTES } from "./schemas";

const VALUE = `hunter2-${randomBytes(6).toString("hex")}`;
const ROTATED = `rotated-${randomBytes(6).toString("hex")}`;

let teamId: string, baseImageId: string, targets: string[];
let dev: Awaited<ReturnType<typeof makeCaller>>;
let operator: Awaited<ReturnType<typeof makeCaller>>;

const unique = (prefix: string) => `${prefix}-${randomBytes(3).toString("hex")}`;

beforeAll(async () => {
  process.env.BULKHEAD_CREDENTIALS_KEY ??= randomBytes(32).toString("base64");
  teamId = (await makeTeam("Vault")).id;
  dev = await makeCaller("developer", [teamId]);
  operator = await makeCaller("operator");
  baseImageId = (await makeBaseImage()).id;
  // Targets whose clouds are never called here: no workers run, deployments stay queued (which is live).
  targets = [];
  for (const name of ["one", "two"]) {
    const target = await createTarget(operator, {
      name: unique(`vault-${name}`),
      coordinates: { kind: "aws-ecs", region: "eu-west-1", cluster: "vault", subnets: ["subnet-0a1b2c3d"], securityGroups: ["sg-0a1b2c3d"], executionRoleArn: "arn:aws:iam::000000000000:role/run" },
      credentials: { kind: "aws-ecs", accessKeyId: "id", secretAccessKey: "secret" },
      labels: {},
    });
    targets.push(target.id);
  }
});
afterAll(() => stopQueue());

const newApp = () => dev.caller.apps.create({ teamId, name: unique("vault"), description: "", classification: "internal", baseImageId });

async function desiredSpec(deploymentId: string) {
  const deployment = await db().deployment.findUniqueOrThrow({ where: { id: deploymentId } });
  const revision = await db().deploymentRevision.findUniqueOrThrow({ where: { deploymentId_number: { deploymentId, number: deployment.desiredRevision } } });
  return { number: revision.number, reason: revision.reason, spec: revision.spec as { env: Record<string, string>; secrets?: { name: string; version: number; fingerprint: string }[] } };
}

async function refusal(call: Promise<unknown>): Promise<{ code: string; fieldErrors: Record<string, string[] | undefined> }> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  const trpc = error as TRPCError & { cause?: { problems?: { field: string; message: string }[]; issues?: { path: PropertyKey[]; message: string }[] } };
  const cause = trpc.cause;
  const fieldErrors: Record<string, string[]> = {};
  for (const problem of cause?.problems ?? []) (fieldErrors[problem.field] ??= []).push(problem.message);
  for (const issue of cause?.issues ?? []) (fieldErrors[issue.path.join(".")] ??= []).push(issue.message);
  return { code: trpc.code, fieldErrors };
}

describe("app secrets", () => {
  it("sets a secret write-only, seals it under envelope encryption, and lists its name, version, fingerprint and users", async () => {
    const app = await newApp();
    const deployment = await dev.caller.deployments.deploy({ appId: app.id, targetId: targets[0], ...baseSettings });
    const set = await dev.caller.secrets.set({ appId: app.id, name: "DB_PASSWORD", value: VALUE });
    expect(set.secret).toMatchObject({ name: "DB_PASSWORD", version: 1, target: null });
    expect(set.secret.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(set.redeployed).toEqual([{ deploymentId: deployment.id, target: expect.any(String), revision: 2, refused: null }]);

    const listed = await dev.caller.secrets.list({ appId: app.id });
    expect(listed.can.write).toBe(true);
    expect(listed.secrets).toEqual([
      expect.objectContaining({ name: "DB_PASSWORD", version: 1, fingerprint: set.secret.fingerprint, setBy: dev.actor.email, usedBy: [expect.objectContaining({ deploymentId: deployment.id, version: 1 })] }),
    ]);
    for (const answer of [set, listed]) expect(JSON.stringify(answer)).not.toContain(VALUE);

    const stored = await db().appSecretVersion.findFirstOrThrow({ where: { secret: { appId: app.id } } });
    for (const blob of [stored.ciphertext, stored.wrappedKey]) expect(Buffer.from(blob).toString("latin1")).not.toContain(VALUE);
    expect(openValue(stored, `${stored.secretId}:1`)).toBe(VALUE);

    // The new revision names the secret by reference only, and its audit events carry the fingerprint.
    const { spec, reason } = await desiredSpec(deployment.id);
    expect(reason).toBe("secret");
    expect(spec.secrets).toEqual([{ name: "DB_PASSWORD", version: 1, fingerprint: set.secret.fingerprint }]);
    const events = await db().auditEvent.findMany({ where: { OR: [{ resourceType: "secret" }, { resourceId: deployment.id }] }, orderBy: { sequence: "asc" } });
    expect(events.map((event) => event.action)).toEqual(expect.arrayContaining(["secret.set", "deployment.secret"]));
    expect(JSON.stringify(events.find((event) => event.action === "secret.set")!.after)).toContain(set.secret.fingerprint);
    expect(JSON.stringify(await db().deploymentRevision.findMany({ where: { deploymentId: deployment.id } }))).not.toContain(VALUE);
    expect(JSON.stringify(events, (_, value) => (typeof value === "bigint" ? String(value) : value))).not.toContain(VALUE);
  });

  it("rotates to a new version and re-plans every live deployment using it, and only those", async () => {
    const app = await newApp();
    const [onOne, onTwo] = [
      await dev.caller.deployments.deploy({ appId: app.id, targetId: targets[0], ...baseSettings }),
      await dev.caller.deployments.deploy({ appId: app.id, targetId: targets[1], ...baseSettings }),
    ];
    await dev.caller.secrets.set({ appId: app.id, name: "API_TOKEN", value: VALUE });
    // A per-target secret of the same name replaces the app-wide one on that target only.
    const own = await dev.caller.secrets.set({ appId: app.id, name: "API_TOKEN", value: `${VALUE}-two`, targetId: targets[1] });
    expect(own.redeployed.map((r) => r.deploymentId)).toEqual([onTwo.id]);
    const rotated = await dev.caller.secrets.set({ appId: app.id, name: "API_TOKEN", value: ROTATED });
    expect(rotated.secret.version).toBe(2);
    expect(rotated.redeployed.map((r) => r.deploymentId)).toEqual([onOne.id]);
    expect((await desiredSpec(onOne.id)).spec.secrets).toEqual([{ name: "API_TOKEN", version: 2, fingerprint: rotated.secret.fingerprint }]);
    expect((await desiredSpec(onTwo.id)).spec.secrets).toEqual([{ name: "API_TOKEN", version: 1, fingerprint: own.secret.fingerprint }]);
    expect(rotated.secret.fingerprint).not.toBe(own.secret.fingerprint);
    const rotation = await db().auditEvent.findFirstOrThrow({ where: { action: "secret.rotate" } });
    expect(rotation.before).toMatchObject({ version: 1 });
    expect(rotation.after).toMatchObject({ version: 2, fingerprint: rotated.secret.fingerprint });
  });

  it("deletes a secret with its versions; its deployments get a revision without it, and a second delete is not found", async () => {
    const app = await newApp();
    const deployment = await dev.caller.deployments.deploy({ appId: app.id, targetId: targets[0], ...baseSettings });
    await dev.caller.secrets.set({ appId: app.id, name: "OLD_SECRET", value: VALUE });
    const deleted = await dev.caller.secrets.delete({ appId: app.id, name: "OLD_SECRET" });
    expect(deleted.redeployed.map((r) => r.deploymentId)).toEqual([deployment.id]);
    expect((await desiredSpec(deployment.id)).spec.secrets).toEqual([]);
    expect(await db().appSecretVersion.count({ where: { secret: { appId: app.id } } })).toBe(0);
    expect((await refusal(dev.caller.secrets.delete({ appId: app.id, name: "OLD_SECRET" }))).code).toBe("NOT_FOUND");
  });

  it("lets a rotation racing another one fail cleanly: one new version, nothing lost", async () => {
    const app = await newApp();
    await dev.caller.secrets.set({ appId: app.id, name: "RACE_SECRET", value: VALUE });
    const results = await Promise.allSettled([dev.caller.secrets.set({ appId: app.id, name: "RACE_SECRET", value: "a-value" }), dev.caller.secrets.set({ appId: app.id, name: "RACE_SECRET", value: "b-value" })]);
    const versions = await db().appSecretVersion.findMany({ where: { secret: { appId: app.id } }, orderBy: { version: "asc" } });
    const fulfilled = results.filter((r) => r.status === "fulfilled").length;
    expect(versions.map((v) => v.version)).toEqual(Array.from({ length: 1 + fulfilled }, (_, i) => i + 1));
    for (const result of results) if (result.status === "rejected") expect((result.reason as TRPCError).code).toBe("CONFLICT");
  });
});

describe("refusals that write nothing", () => {
  it("refuses an invalid name, an empty value and a value over 64 KiB, naming the field", async () => {
    const app = await newApp();
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "MY SECRET", value: VALUE }, "name"],
      [{ name: "1ST", value: VALUE }, "name"],
      [{ name: "EMPTY", value: "" }, "value"],
      [{ name: "HUGE", value: "x".repeat(MAX_SECRET_BYTES + 1) }, "value"],
    ];
    for (const [input, field] of cases) {
      const refused = await refusal(dev.caller.secrets.set({ appId: app.id, ...input } as never));
      expect(refused.code).toBe("BAD_REQUEST");
      expect(Object.keys(refused.fieldErrors)).toEqual([field]);
    }
    expect(await db().appSecret.count({ where: { appId: app.id } })).toBe(0);
  });

  it("refuses secrets of a team the caller does not belong to as not found, and platform roles may not set them", async () => {
    const app = await newApp();
    const outsider = await makeCaller("developer", [(await makeTeam("Other")).id]);
    expect((await refusal(outsider.caller.secrets.set({ appId: app.id, name: "DB_PASSWORD", value: VALUE }))).code).toBe("NOT_FOUND");
    expect((await refusal(operator.caller.secrets.set({ appId: app.id, name: "DB_PASSWORD", value: VALUE }))).code).toBe("FORBIDDEN");
    expect(await db().appSecret.count({ where: { appId: app.id } })).toBe(0);
  });

  it("refuses a plain variable that looks like a secret until an operator allows its name for the team", async () => {
    const app = await newApp();
    const deploy = (env: Record<string, string>) => dev.caller.deployments.deploy({ appId: app.id, targetId: targets[0], ...baseSettings, env });
    const byName = await refusal(deploy({ DB_PASSWORD: VALUE }));
    expect(byName).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { "env.DB_PASSWORD": [expect.stringContaining("store it as a secret")] } });
    const byValue = await refusal(deploy({ SIGNING: "AKIAIOSFODNN7EXAMPLE" }));
    expect(byValue.fieldErrors["env.SIGNING"]).toEqual([expect.stringContaining("AWS access key id")]);
    const preview = await refusal(dev.caller.deployments.preview({ appId: app.id, targetId: targets[0], ...baseSettings, env: { GITHUB_TOKEN: "x" } }));
    expect(Object.keys(preview.fieldErrors)).toEqual(["env.GITHUB_TOKEN"]);
    expect(await db().deployment.count({ where: { appId: app.id } })).toBe(0);

    await operator.caller.policy.allowPlainEnv({ teamId, name: "PUBLIC_TOKEN_NAME", reason: "a label, not a credential" });
    await deploy({ PUBLIC_TOKEN_NAME: "checkout" });
    expect(await db().auditEvent.count({ where: { action: "policy.plain-env.allow", teamId } })).toBe(1);
    await operator.caller.policy.revokePlainEnv({ teamId, name: "PUBLIC_TOKEN_NAME" });
    expect((await refusal(deploy({ PUBLIC_TOKEN_NAME: "checkout" }))).code).toBe("BAD_REQUEST");
  });

  it("refuses a plain variable named like one of the app's secrets; a secret set later supersedes the variable", async () => {
    const app = await newApp();
    const deployment = await dev.caller.deployments.deploy({ appId: app.id, targetId: targets[0], ...baseSettings, env: { GREETING: "hello", DATABASE_URL: "postgres://db/orders" } });
    await dev.caller.secrets.set({ appId: app.id, name: "DATABASE_URL", value: VALUE });
    const { spec } = await desiredSpec(deployment.id);
    expect(spec.env).toEqual({ GREETING: "hello" });
    expect(spec.secrets?.map((s) => s.name)).toEqual(["DATABASE_URL"]);
    const timeline = await db().deploymentEvent.findFirstOrThrow({ where: { deploymentId: deployment.id }, orderBy: { id: "desc" } });
    expect(timeline.message).toContain("DATABASE_URL now comes from the app's secrets instead of plain variables");
    const refused = await refusal(dev.caller.deployments.deploy({ appId: app.id, targetId: targets[0], ...baseSettings, env: { DATABASE_URL: "postgres://db/other" } }));
    expect(refused.fieldErrors["env.DATABASE_URL"]).toEqual([expect.stringContaining("is a secret of this app")]);
  });
});
