import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { db } from "@/server/db/client";
import { deploy } from "@/server/deployments/commands";
import { storedSpec } from "@/server/deployments/stored";
import { startDeploymentWorkers } from "@/server/deployments/worker";
import type { Caller } from "@/server/identity/actor";
import { DEMO_ACCOUNTS } from "@/server/identity/demo-accounts";
import { stopQueue } from "@/server/jobs/queue";
import { startSandboxClouds } from "@/server/sandbox/clouds";
import { targetConnection, upsertSandboxTarget } from "@/server/targets/service";
import { baseSettings } from "@/testing/sandbox";
import { seedSandbox } from "@/prisma/seed";
import { adapterFor, PROVIDER_KINDS } from "@/providers/registry";
import type { ResourceRef, TargetConnection } from "@/providers/types";
import { eachConcurrently, runPaced } from "./lib/paced-pool";
import { measurement } from "./lib/measure";
import { useProductDatabase } from "./lib/product-env";
import { scratchDatabase } from "./lib/scratch-database";
import { sized } from "./lib/size";
import type { Benchmark, BenchContext } from "./lib/types";

// P5: 1,000 deployments spread over the sandbox clouds (emulators at their default provisioning
// delay), from the deploy command — as the tRPC router calls it — until every one is Running, through
// the product's pg-boss workers; against the same deployments made by calling the adapters
// (apply, then status until running) straight from this process, through the same number of
// concurrent calls as the product has workers. The difference is the product's bookkeeping: policy,
// revisions, audit chain, durable jobs and their scheduling.

const DEPLOYMENTS = Number(process.env.BENCH_P5_DEPLOYMENTS ?? sized(1_000, 6));
/** Worker concurrency per queue in the product; concurrent SDK calls in the yardstick. */
const CONCURRENCY = Number(process.env.BENCH_P5_CONCURRENCY ?? 8);
/** The emulators' provisioning time: their default (2 s) at full size. */
const PROVISION_DELAY_MS = sized(undefined, 200);
/** How soon the yardstick asks again about a resource still provisioning. */
const YARDSTICK_POLL_MS = 250;
const GOAL = 1.5;
/** Azure allows 100 container groups per subscription and region (the emulator enforces it), so Azure's share is spread over more subscriptions. */
const AZURE_SUBSCRIPTIONS = 4;

const settings = { ...baseSettings, image: `registry.example.com/bench/app@sha256:${"b".repeat(64)}` };
// On AWS the apps are internal: 1,000 public apps over four clouds would put 250 listener rules on the AWS sandbox's
// one load balancer, where AWS allows 100 (its emulator refuses the 101st, as AWS does).
const INTERNAL_ON = new Set(["aws-ecs"]);

async function developer(): Promise<Caller> {
  const email = DEMO_ACCOUNTS.find((account) => account.role === "developer")!.email;
  const user = await db().user.findUniqueOrThrow({ where: { email }, include: { memberships: true } });
  return {
    actor: { userId: user.id, email: user.email, name: user.name, role: "developer", teamIds: user.memberships.map((m) => m.teamId) },
    meta: { requestId: `bench-p5-${randomUUID()}`, sourceIp: "127.0.0.1", userAgent: "bench" },
  };
}

/**
 * The three sandbox clouds with their targets, plus more Azure targets (other subscriptions on the same
 * emulator) to stay under Azure's quota. Called again, it starts fresh emulators and points the same
 * targets at them.
 */
async function startClouds(): Promise<() => Promise<void>> {
  const clouds = await startSandboxClouds({ provisionDelayMs: PROVISION_DELAY_MS });
  const azure = clouds.emulators.find((emulator) => emulator.caCertificate)!;
  for (let n = 2; n <= AZURE_SUBSCRIPTIONS; n++) {
    await upsertSandboxTarget({
      name: `bench-azure-aci-${n}`,
      coordinates: { kind: "azure-aci", region: "westeurope", subscriptionId: `00000000-0000-4000-8000-00000000000${n}`, resourceGroup: "sandbox" },
      credentials: { kind: "azure-aci", accessToken: "sandbox-azure-token" },
      labels: { residency: "eu", zone: "private", sandbox: "true" },
      endpoint: azure.url,
      caCertificate: azure.caCertificate,
    });
  }
  return clouds.stop;
}

/** Deployment i goes to cloud i mod (the number of clouds); each app deploys once to each cloud, Azure's spread over its subscriptions. */
async function seedApps(teamId: string): Promise<{ appId: string; targetId: string; kind: string }[]> {
  const targets = await db().target.findMany({ orderBy: { name: "asc" }, select: { id: true, kind: true } });
  const byKind = (kind: string) => targets.filter((target) => target.kind === kind);
  const clouds = PROVIDER_KINDS.map(byKind);
  const image = await db().baseImage.findFirstOrThrow({ where: { status: "approved", family: "os" }, select: { id: true } });
  const apps = Math.ceil(DEPLOYMENTS / clouds.length);
  await db().$executeRaw`
    INSERT INTO "App" (id, "teamId", name, classification, "baseImageId", "updatedAt")
    SELECT gen_random_uuid()::text, ${teamId}, 'p5-app-' || n, 'public', ${image.id}, now() FROM generate_series(1, ${apps}::int) AS n`;
  const rows = await db().app.findMany({ where: { name: { startsWith: "p5-app-" } }, select: { id: true }, orderBy: { name: "asc" } });
  return Array.from({ length: DEPLOYMENTS }, (_, i) => {
    const app = Math.floor(i / clouds.length);
    const cloud = clouds[i % clouds.length];
    const target = cloud[app % cloud.length];
    return { appId: rows[app].id, targetId: target.id, kind: target.kind };
  });
}

async function untilAllRunning(context: BenchContext, ids: Set<string>): Promise<void> {
  for (let last = -1; ; ) {
    const counts = await db().deployment.groupBy({ by: ["status"], where: { id: { in: [...ids] } }, _count: true });
    const count = (status: string) => counts.find((c) => c.status === status)?._count ?? 0;
    if (count("failed")) {
      const failed = await db().deployment.findFirst({ where: { id: { in: [...ids] }, status: "failed" }, select: { statusMessage: true } });
      throw new Error(`${count("failed")} deployments failed, e.g. ${failed?.statusMessage}`);
    }
    if (count("running") === ids.size) return;
    if (count("running") !== last && count("running") % 100 < 10) context.log(`product: ${count("running")} of ${ids.size} running`);
    last = count("running");
    await sleep(250);
  }
}

async function product(context: BenchContext, caller: Caller, pairs: { appId: string; targetId: string; kind: string }[]): Promise<number> {
  await startDeploymentWorkers(CONCURRENCY);
  const ids = new Set<string>();
  const started = performance.now();
  await eachConcurrently(pairs, CONCURRENCY, async (pair) => {
    const ingress = INTERNAL_ON.has(pair.kind) ? "internal" : "public";
    ids.add((await deploy(caller, { appId: pair.appId, targetId: pair.targetId, ...settings, ingress })).id);
  });
  context.log(`product: ${pairs.length} deploy commands accepted in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await untilAllRunning(context, ids);
  return (performance.now() - started) / 1000;
}

/** The same specs the product applied (from its revisions), straight through the adapters to fresh emulators. */
async function yardstick(): Promise<number> {
  const revisions = await db().deploymentRevision.findMany({ select: { deploymentId: true, number: true, spec: true, deployment: { select: { targetId: true, target: { select: { kind: true } } } } } });
  const connections = new Map<string, TargetConnection>();
  for (const { deployment } of revisions) {
    if (!connections.has(deployment.targetId)) connections.set(deployment.targetId, await targetConnection(db(), deployment.targetId));
  }
  const tasks = revisions.map(({ deployment, ...revision }) => ({
    spec: storedSpec(revision.spec, revision),
    adapter: adapterFor(deployment.target.kind),
    connection: connections.get(deployment.targetId)!,
    ref: undefined as ResourceRef | undefined,
  }));
  const started = performance.now();
  await runPaced(tasks, CONCURRENCY, YARDSTICK_POLL_MS, async (task, first) => {
    if (first) {
      task.ref = await task.adapter.apply(task.spec, task.connection, randomUUID());
      return false;
    }
    const status = await task.adapter.status(task.ref!, task.connection);
    if (status.phase === "failed" || status.phase === "absent") throw new Error(`yardstick deployment ${task.spec.name} ${status.phase}: ${status.message}`);
    return status.phase === "running";
  });
  return (performance.now() - started) / 1000;
}

const benchmark: Benchmark = {
  name: "P5",
  title: `${DEPLOYMENTS} deployments to Running over the sandbox clouds: product vs adapters directly`,
  async run(context) {
    const database = await scratchDatabase(context.serverUrl, "bench_p5");
    const restore = await useProductDatabase(database.url);
    let stopClouds: (() => Promise<void>) | undefined;
    try {
      await seedSandbox(db());
      stopClouds = await startClouds();
      const caller = await developer();
      const pairs = await seedApps(caller.actor.teamIds[0]);
      const figure = await product(context, caller, pairs);
      context.log(`product: ${pairs.length} running in ${figure.toFixed(1)} s`);
      await stopQueue();
      // Fresh emulators, so the yardstick starts from the same empty clouds (and quotas) as the product did.
      await stopClouds();
      stopClouds = await startClouds();
      const floor = await yardstick();
      context.log(`adapters directly: ${pairs.length} running in ${floor.toFixed(1)} s`);
      return {
        measurements: [
          measurement({
            label: `${pairs.length} deployments from deploy command to Running, ${CONCURRENCY} workers per queue`,
            unit: "s",
            figure,
            yardstick: floor,
            yardstickLabel: `the same specs through the adapters (apply, status every ${YARDSTICK_POLL_MS} ms until running), ${CONCURRENCY} concurrent calls`,
            goal: { op: "<=", value: GOAL },
          }),
        ],
        limits: [],
        details: { deployments: pairs.length, concurrency: CONCURRENCY, yardstickPollMs: YARDSTICK_POLL_MS },
      };
    } finally {
      for (const stop of [stopQueue, stopClouds]) await stop?.().catch((error) => context.log(`cleanup: ${error}`));
      await restore();
      await database.drop();
    }
  },
};

export default benchmark;
