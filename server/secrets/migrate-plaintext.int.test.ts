// Revisions written before secrets existed, with DB_PASSWORD in plain text in spec and plan: the launcher's migration
// moves each value into a sealed secret of the deployment's target (a version per change of value), rewrites the
// rows to name it by reference, audits each move, and finds nothing to do the second time.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { deploy, scale } from "@/server/deployments/commands";
import { stopQueue } from "@/server/jobs/queue";
import { createTarget } from "@/server/targets/service";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";
import { baseSettings } from "@/testing/sandbox";
import { migratePlaintextSecrets } from "./migrate-plaintext";
import { secretValuesFor, specSecrets } from "./references";

const OLD = `hunter2-${randomBytes(5).toString("hex")}`;
const NEW = `hunter3-${randomBytes(5).toString("hex")}`;
let deploymentId: string, appId: string, targetId: string;

/** What an older Bulkhead stored: the password among the plain variables of the spec and in the plan's request. */
async function plantPlaintext(number: number, password: string) {
  const revision = await db().deploymentRevision.findUniqueOrThrow({ where: { deploymentId_number: { deploymentId, number } } });
  const spec = revision.spec as { env: Record<string, string> };
  const plan = revision.plan as { requests: { operation: string; body: { containerDefinitions?: { environment: { name: string; value: string }[] }[] } }[] };
  spec.env = { ...spec.env, DB_PASSWORD: password };
  // The task definition, wherever it stands among the plan's requests (a policy puts the network's first).
  const register = plan.requests.find((request) => request.operation === "RegisterTaskDefinition")!;
  register.body.containerDefinitions![0].environment.push({ name: "DB_PASSWORD", value: password });
  await db().deploymentRevision.update({ where: { id: revision.id }, data: { spec, plan } });
}

beforeAll(async () => {
  process.env.BULKHEAD_CREDENTIALS_KEY ??= randomBytes(32).toString("base64");
  const team = await makeTeam("Legacy");
  const dev = await makeCaller("developer", [team.id]);
  const operator = await makeCaller("operator");
  targetId = (
    await createTarget(operator, {
      name: `legacy-${randomBytes(3).toString("hex")}`,
      coordinates: { kind: "aws-ecs", region: "eu-west-1", cluster: "legacy", subnets: ["subnet-0a1b2c3d"], securityGroups: ["sg-0a1b2c3d"], executionRoleArn: "arn:aws:iam::000000000000:role/run" },
      credentials: { kind: "aws-ecs", accessKeyId: "id", secretAccessKey: "secret" },
      labels: {},
    })
  ).id;
  const app = await dev.caller.apps.create({ teamId: team.id, name: "legacy", description: "", classification: "internal", baseImageId: (await makeBaseImage()).id });
  appId = app.id;
  deploymentId = (await deploy(dev, { appId, targetId, ...baseSettings })).id;
  await scale(dev, { id: deploymentId, minInstances: 1, maxInstances: 2 });
  await scale(dev, { id: deploymentId, minInstances: 1, maxInstances: 3 });
  await plantPlaintext(1, OLD);
  await plantPlaintext(2, OLD);
  await plantPlaintext(3, NEW);
});
afterAll(() => stopQueue());

it("moves plaintext secrets out of every revision into sealed versions, audited, and does nothing the second time", async () => {
  const lines: string[] = [];
  expect(await migratePlaintextSecrets((line) => lines.push(line))).toEqual({ deployments: 1, secrets: 1 });
  expect(lines).toEqual(["moved 1 plaintext secret(s) of 1 deployment(s) out of their revisions into sealed secrets"]);

  const revisions = await db().deploymentRevision.findMany({ where: { deploymentId }, orderBy: { number: "asc" } });
  expect(JSON.stringify(revisions)).not.toMatch(new RegExp(`${OLD}|${NEW}`));
  const refs = revisions.map((revision) => specSecrets.parse(revision.spec).secrets);
  expect(refs.map((r) => r?.map(({ name, version }) => `${name} v${version}`))).toEqual([["DB_PASSWORD v1"], ["DB_PASSWORD v1"], ["DB_PASSWORD v2"]]);
  for (const revision of revisions) expect((revision.spec as { env: Record<string, string> }).env).toEqual(baseSettings.env);
  expect(JSON.stringify(revisions[2].plan)).toContain("(moved to secret DB_PASSWORD v2)");

  // The worker finds the values again, through the secret scoped to the deployment's target.
  expect(await secretValuesFor(db(), appId, targetId, refs[0]!)).toEqual({ DB_PASSWORD: OLD });
  expect(await secretValuesFor(db(), appId, targetId, refs[2]!)).toEqual({ DB_PASSWORD: NEW });
  const secret = await db().appSecret.findFirstOrThrow({ where: { appId } });
  expect(secret).toMatchObject({ name: "DB_PASSWORD", targetId, currentVersion: 2 });

  const audited = await db().auditEvent.findMany({ where: { action: "secret.migrate" } });
  expect(audited).toHaveLength(1);
  expect(audited[0].after).toMatchObject({ name: "DB_PASSWORD", deploymentId, versions: [{ version: 1, revisions: [1, 2] }, { version: 2, revisions: [3] }] });
  expect(JSON.stringify(audited[0].after)).not.toMatch(new RegExp(`${OLD}|${NEW}`));

  expect(await migratePlaintextSecrets()).toEqual({ deployments: 0, secrets: 0 });
  expect(await db().appSecretVersion.count()).toBe(2);
});
