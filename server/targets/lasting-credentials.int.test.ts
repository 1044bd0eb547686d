import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";
import { baseSettings, startTestSandbox } from "@/testing/sandbox";
import { waitFor } from "@/testing/wait-for";

// Tokens of the sandbox's token services last 30 s here; the clouds' front doors refuse expired ones. Targets are
// registered and tested, left alone for 90 s (three lifetimes), and then deployed to: the deploys
// succeed, because the credential libraries renew what they were given, and nobody touched the targets.

const LIFETIME_SECONDS = 30;
const UNTOUCHED_MS = 3 * LIFETIME_SECONDS * 1000;
let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;

beforeAll(async () => {
  sandbox = await startTestSandbox({ tokenLifetimeSeconds: LIFETIME_SECONDS, provisionDelayMs: 300 });
});
afterAll(() => sandbox?.stop());

it("deploys three token lifetimes after registering, with 30-second tokens, with nobody touching the targets", { timeout: UNTOUCHED_MS + 180_000 }, async () => {
  const operator = await makeCaller("operator");
  const { clouds } = sandbox;
  const kinds = ["aws-ecs", "azure-aci", "gcp-cloud-run"] as const;
  const targets = [];
  for (const kind of kinds) {
    const existing = await db().target.findUniqueOrThrow({ where: { id: sandbox.byKind[kind].targetId } });
    targets.push(
      await operator.caller.targets.create({ name: `lasting-${kind}`, coordinates: existing.coordinates as never, credentials: clouds[kind].credentials as never, endpoint: clouds[kind].endpoint, caCertificate: clouds[kind].caCertificate }),
    );
  }
  for (const target of targets) {
    const { id } = await operator.caller.targets.testConnection({ id: target.id });
    const check = await waitFor(`the connection test of ${target.name}`, async () => {
      const found = await operator.caller.targets.connectionCheck({ id });
      return found.status === "queued" ? undefined : found;
    });
    expect(check, check.message).toMatchObject({ status: "passed" });
  }
  const issuedBefore = clouds.tokensIssued();

  await sleep(UNTOUCHED_MS);
  // Every token and session handed out before the wait has expired by now.
  const teamId = (await makeTeam("Lasting")).id;
  const baseImageId = (await makeBaseImage()).id;
  const developer = await makeCaller("developer", [teamId]);
  const deployments = [];
  for (const [index, target] of targets.entries()) {
    const app = await developer.caller.apps.create({ teamId, name: `lasting-${index}`, description: "", classification: "internal", baseImageId });
    deployments.push(await developer.caller.deployments.deploy({ appId: app.id, targetId: target.id, ...baseSettings }));
  }
  for (const deployment of deployments) {
    const settled = await waitFor("the deployment to settle", async () => {
      const found = await db().deployment.findUniqueOrThrow({ where: { id: deployment.id } });
      return found.status === "running" || found.status === "failed" ? found : undefined;
    });
    expect(settled.status, settled.statusMessage).toBe("running");
  }
  // New tokens were asked for after the wait, of each token service; none that had expired was offered.
  const issuedAfter = clouds.tokensIssued();
  for (const service of ["sts", "entra", "google"] as const) {
    const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, n) => sum + n, 0);
    expect(total(issuedAfter[service]), service).toBeGreaterThan(total(issuedBefore[service]));
  }
  expect(clouds.refusals()["azure-aci"]?.expired ?? 0).toBe(0);
  expect(clouds.refusals()["gcp-cloud-run"]?.expired ?? 0).toBe(0);
});
