import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { makeBaseImage } from "@/server/testing/catalog";
import { makeCaller, makeTeam } from "@/server/testing/callers";
import { baseSettings, startTestSandbox } from "@/server/testing/sandbox";
import { waitFor } from "@/server/testing/wait-for";
import type { ProviderKind } from "@/providers/types";

let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox?.stop());

it("20 deployments across the three clouds converge while 30% of cloud calls fail", { timeout: 240_000 }, async () => {
  const teamId = (await makeTeam("Chaos")).id;
  const baseImageId = (await makeBaseImage()).id;
  const dev = await makeCaller("developer", [teamId]);
  for (const emulator of sandbox.emulators) emulator.setFaults({ rate: 0.3, kinds: ["throttle", "server-error"] });

  const kinds: ProviderKind[] = ["aws-ecs", "azure-aci", "gcp-cloud-run"];
  const deployments = await Promise.all(
    Array.from({ length: 20 }, async (_, i) => {
      const app = await dev.caller.apps.create({ teamId, name: `chaos-${i}`, description: "", classification: "internal", baseImageId });
      const kind = kinds[i % 3];
      const deployment = await dev.caller.deployments.deploy({ appId: app.id, targetId: sandbox.byKind[kind].targetId, ...baseSettings });
      return { id: deployment.id, kind };
    }),
  );

  const rows = await waitFor(
    "all 20 deployments to run",
    async () => {
      const found = await db().deployment.findMany({ where: { id: { in: deployments.map((d) => d.id) } } });
      const failed = found.filter((d) => d.status === "failed");
      if (failed.length) throw new Error(`failed: ${failed.map((d) => d.statusMessage).join("; ")}`);
      return found.every((d) => d.status === "running") ? found : undefined;
    },
    200_000,
    500,
  );
  for (const emulator of sandbox.emulators) emulator.setFaults(null);

  expect(rows).toHaveLength(20);
  for (const kind of kinds) {
    const names = rows.filter((row) => deployments.find((d) => d.id === row.id)!.kind === kind).map((row) => row.resourceName);
    const held = sandbox.byKind[kind].emulator.resourceNames();
    for (const name of names) expect(held.filter((n) => n.includes(name)), `${kind} holds ${name} once`).toHaveLength(1);
  }
});
