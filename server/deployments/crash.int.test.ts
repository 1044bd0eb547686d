import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";
import { baseSettings, startTestSandbox } from "@/testing/sandbox";
import { waitFor } from "@/testing/wait-for";

// The emulators live in this test process; the worker runs in a child that is killed with SIGKILL in
// the middle of a deploy. A new worker must finish the job (its lease expired) without a second resource.

let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
const children: ChildProcess[] = [];

function startWorker(output: string[]): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "testing/fixtures/worker-process.ts"], {
    env: { ...process.env, BULKHEAD_JOB_MAINTENANCE_SECONDS: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk) => output.push(String(chunk)));
  child.stderr!.on("data", (chunk) => output.push(String(chunk)));
  children.push(child);
  return child;
}

beforeAll(async () => {
  // A short lease, so the killed worker's job is handed on within seconds (jobs carry it from here).
  process.env.BULKHEAD_JOB_LEASE_SECONDS = "3";
  sandbox = await startTestSandbox({ workers: false, provisionDelayMs: 4000 });
});
afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await sandbox?.stop();
});

it("a worker killed mid-deploy is replaced and the deployment converges with exactly one cloud resource", { timeout: 120_000 }, async () => {
  const teamId = (await makeTeam("Crash")).id;
  const baseImageId = (await makeBaseImage()).id;
  const dev = await makeCaller("developer", [teamId]);
  const app = await dev.caller.apps.create({ teamId, name: "crash-probe", description: "", classification: "internal", baseImageId });
  const { targetId, emulator } = sandbox.byKind["aws-ecs"];
  const deployment = await dev.caller.deployments.deploy({ appId: app.id, targetId, ...baseSettings });

  const output: string[] = [];
  const first = startWorker(output);
  // Killed once the cloud has accepted the create but before the deployment runs.
  await waitFor("the first worker to reach the cloud", async () => emulator.resourceNames().length > 0, 60_000, 50);
  first.kill("SIGKILL");
  await new Promise((resolve) => first.once("exit", resolve));
  expect((await db().deployment.findUniqueOrThrow({ where: { id: deployment.id } })).status).not.toBe("running");

  startWorker(output);
  const done = await waitFor(
    "the deployment to run after the crash",
    async () => {
      const d = await db().deployment.findUniqueOrThrow({ where: { id: deployment.id } });
      return d.status === "running" ? d : undefined;
    },
    90_000,
    250,
  );
  expect(done.runningRevision).toBe(1);
  expect(emulator.resourceNames().filter((name) => name.includes(done.resourceName))).toHaveLength(1);
});
