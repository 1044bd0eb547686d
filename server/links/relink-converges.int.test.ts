import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";
import { baseSettings, startTestSandbox } from "@/testing/sandbox";
import { waitFor } from "@/testing/wait-for";

// With the real job workers and the Cloud Run emulator: the revision a link approval queues is applied like any
// other, so both apps end up running the revision planned with the link. (Whether an adapter's apply sends the
// plan's routes, e.g. the invoker IAM policy, is the adapter's business; this checks the revision gets there.)

let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
beforeAll(async () => {
  sandbox = await startTestSandbox({ provisionDelayMs: 50 });
});
afterAll(() => sandbox?.stop());

const running = (id: string, revision: number) =>
  waitFor(`deployment ${id} running revision ${revision}`, async () => {
    const d = await db().deployment.findUniqueOrThrow({ where: { id } });
    return d.status === "running" && d.runningRevision === revision ? d : undefined;
  });

it("after a link approval the workers bring both apps' deployments to the new revision planned with the route", async () => {
  const teamId = (await makeTeam("Converge")).id;
  const dev = await makeCaller("developer", [teamId]);
  const dev2 = await makeCaller("developer", [teamId]);
  const baseImageId = (await makeBaseImage()).id;
  const targetId = sandbox.byKind["gcp-cloud-run"].targetId;
  const settings = { ...baseSettings, ingress: "internal" as const };
  const [a, b] = [await dev.caller.apps.create({ teamId, name: "front", description: "", classification: "internal", baseImageId }), await dev.caller.apps.create({ teamId, name: "back", description: "", classification: "internal", baseImageId })];
  const [depA, depB] = [await dev.caller.deployments.deploy({ appId: a.id, targetId, ...settings }), await dev.caller.deployments.deploy({ appId: b.id, targetId, ...settings })];
  await Promise.all([running(depA.id, 1), running(depB.id, 1)]);

  const link = await dev.caller.links.request({ fromAppId: a.id, toAppId: b.id, port: 8080, reason: "" });
  const { redeployed } = await dev2.caller.links.approve({ id: link.id, note: "" });
  expect(redeployed.map((r) => r.revision)).toEqual([2, 2]);
  await Promise.all([running(depA.id, 2), running(depB.id, 2)]);
  const revision = await db().deploymentRevision.findUniqueOrThrow({ where: { deploymentId_number: { deploymentId: depB.id, number: 2 } } });
  expect(revision.reason).toBe("links");
  expect(JSON.stringify(revision.plan)).toContain("roles/run.invoker");
});
