import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { db } from "@/server/db/client";
import { makeBaseImage } from "@/server/testing/catalog";
import { makeCaller, makeTeam } from "@/server/testing/callers";
import { baseSettings, startTestSandbox } from "@/server/testing/sandbox";
import { waitFor } from "@/server/testing/wait-for";

// Plants unmistakable secrets in targets' credentials, exercises the API and a full deploy, then looks
// for them in every API response, every log line and every audit row.

const PLANTED = { aws: "PLANTED-aws-secret-7f3e9c", azure: "PLANTED-azure-token-51b2d0", gcp: "PLANTED-gcp-token-c0ffee" };
let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
const logged: string[] = [];

beforeAll(async () => {
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === "string" ? a : JSON.stringify(a))).join(" ")));
  }
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  vi.restoreAllMocks();
  await sandbox?.stop();
});

it("target credentials never appear in API responses, logs or audit events", { timeout: 90_000 }, async () => {
  const operator = await makeCaller("operator");
  const responses: unknown[] = [];
  const aws = sandbox.byKind["aws-ecs"];
  const awsTarget = await db().target.findUniqueOrThrow({ where: { id: aws.targetId } });
  const azure = await db().target.findUniqueOrThrow({ where: { id: sandbox.byKind["azure-aci"].targetId } });
  const gcp = await db().target.findUniqueOrThrow({ where: { id: sandbox.byKind["gcp-cloud-run"].targetId } });

  const created = await Promise.all([
    operator.caller.targets.create({ name: "planted-aws", coordinates: awsTarget.coordinates as never, credentials: { kind: "aws-ecs", accessKeyId: "AKIAPLANTED", secretAccessKey: PLANTED.aws }, labels: { zone: "private" } }),
    operator.caller.targets.create({ name: "planted-azure", coordinates: azure.coordinates as never, credentials: { kind: "azure-aci", accessToken: PLANTED.azure } }),
    operator.caller.targets.create({ name: "planted-gcp", coordinates: gcp.coordinates as never, credentials: { kind: "gcp-cloud-run", accessToken: PLANTED.gcp } }),
  ]);
  responses.push(created, await operator.caller.targets.list());
  // A duplicate is refused; its error must not echo the secret either.
  responses.push(await operator.caller.targets.create({ name: "planted-aws", coordinates: awsTarget.coordinates as never, credentials: { kind: "aws-ecs", accessKeyId: "AKIAPLANTED", secretAccessKey: PLANTED.aws } }).catch((e: Error) => e.message));

  // Point the planted targets at the sandbox emulators and deploy through them.
  await db().target.update({ where: { id: created[0].id }, data: { endpoint: awsTarget.endpoint } });
  await db().target.update({ where: { id: created[1].id }, data: { endpoint: azure.endpoint, caCertificate: azure.caCertificate } });
  await db().target.update({ where: { id: created[2].id }, data: { endpoint: gcp.endpoint } });
  const teamId = (await makeTeam("Leak")).id;
  const baseImageId = (await makeBaseImage()).id;
  const dev = await makeCaller("developer", [teamId]);
  for (const [index, target] of created.entries()) {
    const app = await dev.caller.apps.create({ teamId, name: `leak-${index}`, description: "", classification: "internal", baseImageId });
    const deployment = await dev.caller.deployments.deploy({ appId: app.id, targetId: target.id, ...baseSettings });
    responses.push(deployment);
    await waitFor("deployment to settle", async () => {
      const d = await db().deployment.findUniqueOrThrow({ where: { id: deployment.id } });
      return d.status === "running" || d.status === "failed" ? d : undefined;
    });
    responses.push(await dev.caller.deployments.get({ id: deployment.id }), await dev.caller.deployments.list({}));
  }

  const audit = JSON.stringify(await db().auditEvent.findMany(), (_, value) => (typeof value === "bigint" ? value.toString() : value));
  const everything = { responses: JSON.stringify(responses), logs: logged.join("\n"), audit };
  expect(audit).toContain("planted-aws");
  for (const [where, text] of Object.entries(everything)) {
    for (const secret of Object.values(PLANTED)) expect(text.includes(secret), `${secret} found in ${where}`).toBe(false);
  }
  // And at rest the credentials are sealed, not plain.
  const row = await db().target.findUniqueOrThrow({ where: { id: created[0].id } });
  expect(Buffer.from(row.credentials).toString("latin1")).not.toContain(PLANTED.aws);
});
