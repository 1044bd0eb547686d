import path from "node:path";
import { db } from "@/server/db/client";
import { withClient } from "@/server/db/database-admin";
import type { Caller } from "@/server/identity/actor";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "@/server/identity/demo-accounts";
import { seedSandbox } from "@/prisma/seed";
import { PROVIDER_KINDS } from "@/providers/registry";
import { buildDashboard } from "@/scripts/lib/prepare";
import { startBareList } from "./lib/bare-list";
import { load, type LoadResult } from "./lib/http-load";
import { followAll, startFollowedDeployments } from "./lib/log-followers";
import { measurement } from "./lib/measure";
import { processCpuMs } from "./lib/process-cpu";
import { startProduct } from "./lib/next-server";
import { useProductDatabase } from "./lib/product-env";
import { scratchDatabase } from "./lib/scratch-database";
import { sized } from "./lib/size";
import type { Benchmark, BenchContext } from "./lib/types";

// P4: the deployments list (first page of 50, newest first, out of 100,000 of the developer's team)
// through the real product — Next.js production server, session cookie, tRPC with superjson — against a
// bare node:http handler that calls the same service function on its own Prisma client, each in a process of its
// own. The difference is what the product adds per request: routing, session and membership lookup, tRPC and
// serialisation. Then again while 20 deployments' logs are followed on the product (issue 20: following
// must not cost the list its goal), each stream fed by a sandbox cloud's log service through its adapter.

const DEPLOYMENTS = sized(100_000, 1_000);
const APPS = sized(1_000, 100);
const TARGETS = DEPLOYMENTS / APPS;
const PAGE = 50;
const CONNECTIONS = sized(64, 8);
const SECONDS = Number(process.env.BENCH_P4_SECONDS ?? sized(10, 1));
// Both sides are warmed by the same number of requests, not the same time: the product answers fewer per
// second, and its code (JIT, Next's lazily loaded route modules) only settles after a few thousand calls.
const WARM_UP_REQUESTS = sized(12_000, 0);
const PRODUCT_PORT = 3250;
const BARE_PORT = 3251;
// A folder here makes the product and the bare handler each write a V8 CPU profile of their whole run into a folder
// of their own under it (node --cpu-prof), to see where their time goes under this load.
const CPU_PROFILE_DIR = process.env.BENCH_P4_CPU_PROFILE;
const profiled = (side: string): Record<string, string> =>
  CPU_PROFILE_DIR ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --cpu-prof --cpu-prof-dir=${path.join(CPU_PROFILE_DIR, side)}`.trim() } : {};
const FOLLOWERS = sized(20, 4);

/** 1,000 apps of the developer's team on 100 targets, one deployment per pair, last changed at spread-out times. On a
 * connection of its own: on a busy machine the insert can outlast the app's statement timeout. */
async function seedDeployments(databaseUrl: string, teamId: string): Promise<void> {
  await withClient(databaseUrl, async (client) => {
    await client.query(
      `INSERT INTO "Target" (id, name, kind, region, coordinates, credentials, "updatedAt")
       SELECT gen_random_uuid()::text, 'bench-target-' || n, ($2::text[])[1 + n % cardinality($2::text[])], 'eu-west-1', '{}', '\\x00'::bytea, now()
       FROM generate_series(1, $1::int) AS n`,
      [TARGETS, [...PROVIDER_KINDS]],
    );
    await client.query(
      `INSERT INTO "App" (id, "teamId", name, classification, "updatedAt")
       SELECT gen_random_uuid()::text, $1, 'bench-app-' || n, 'internal', now() FROM generate_series(1, $2::int) AS n`,
      [teamId, APPS],
    );
    await client.query(`
      INSERT INTO "Deployment" (id, "appId", "teamId", "targetId", "resourceName", status, "statusMessage", "desiredRevision", "runningRevision", url, "updatedAt")
      SELECT gen_random_uuid()::text, a.id, a."teamId", t.id, a.name, 'running', 'Revision 1 is running', 1, 1,
             'https://' || a.name || '.example.com', now() - random() * interval '90 days'
      FROM "App" a CROSS JOIN "Target" t
      WHERE a.name LIKE 'bench-app-%' AND t.name LIKE 'bench-target-%'`);
    await client.query(`VACUUM ANALYZE "Deployment"`);
  });
}

async function developer(): Promise<Caller> {
  const email = DEMO_ACCOUNTS.find((account) => account.role === "developer")!.email;
  const user = await db().user.findUniqueOrThrow({ where: { email }, include: { memberships: true } });
  return {
    actor: { userId: user.id, email: user.email, name: user.name, role: "developer", teamIds: user.memberships.map((m) => m.teamId) },
    meta: { requestId: "bench-p4", sourceIp: "127.0.0.1", userAgent: "bench" },
  };
}

async function measure(context: BenchContext, what: string, server: { url: string; pid: number }, headers: Record<string, string> = {}): Promise<LoadResult & { cpuMsPerAnswer: number }> {
  const first = await fetch(server.url, { headers });
  const body = await first.text();
  if (!first.ok || !body.includes("bench-app-")) throw new Error(`${what} did not answer with deployments: ${first.status} ${body.slice(0, 300)}`);
  if (WARM_UP_REQUESTS) await load(server.url, { connections: CONNECTIONS, requests: WARM_UP_REQUESTS, headers });
  const cpuBefore = await processCpuMs(server.pid);
  const result = await load(server.url, { connections: CONNECTIONS, seconds: SECONDS, headers });
  const cpuMsPerAnswer = Math.round((100 * ((await processCpuMs(server.pid)) - cpuBefore)) / result.requests) / 100;
  if (result.failures) throw new Error(`${what}: ${result.failures} failed requests`);
  context.log(`${what}: p50 ${result.p50} ms, p99 ${result.p99} ms, ${Math.round(result.requestsPerSecond)} req/s, ${cpuMsPerAnswer} ms of its process's CPU per answer`);
  return { ...result, cpuMsPerAnswer };
}

const benchmark: Benchmark = {
  name: "P4",
  title: "Deployments list latency at 64 clients: product vs bare handler",
  async run(context) {
    // Built here rather than by the launcher, so a fresh build is not counted against its start-up timeout.
    await buildDashboard();
    const database = await scratchDatabase(context.serverUrl, "bench_p4");
    const restore = await useProductDatabase(database.url);
    const stops: (() => Promise<void>)[] = [];
    try {
      await seedSandbox(db());
      const caller = await developer();
      const seeded = Date.now();
      await seedDeployments(database.url, caller.actor.teamIds[0]);
      context.log(`seeded ${DEPLOYMENTS} deployments in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);

      const bare = await startBareList({ databaseUrl: database.url, port: BARE_PORT, caller, page: PAGE, env: profiled("bare") });
      stops.push(bare.stop);
      const appIds = (await db().app.findMany({ where: { name: { startsWith: "bench-app-" } }, select: { id: true }, take: FOLLOWERS })).map((app) => app.id);
      const followed = await startFollowedDeployments(FOLLOWERS, appIds, caller.actor.teamIds[0]);
      stops.push(followed.stop);
      const product = await startProduct({
        databaseUrl: database.url,
        port: PRODUCT_PORT,
        env: {
          // The product opens the sandbox targets' credentials this process sealed.
          BULKHEAD_CREDENTIALS_KEY: process.env.BULKHEAD_CREDENTIALS_KEY!,
          ...profiled("product"),
        },
      });
      stops.push(product.stop);
      const cookie = await product.signIn(caller.actor.email, DEMO_PASSWORD);
      const input = encodeURIComponent(JSON.stringify({ json: { limit: PAGE } }));
      const productUrl = `${product.url}/api/trpc/deployments.list?input=${input}`;

      const yardstick = await measure(context, "bare handler", bare);
      const productServer = { url: productUrl, pid: product.pid };
      const figure = await measure(context, "product", productServer, { cookie });
      const followers = await followAll(product.url, cookie, followed.ids);
      stops.push(followers.stop);
      await followers.ready(60_000);
      const followedFigure = await measure(context, `product, ${FOLLOWERS} log streams followed`, productServer, { cookie });
      const following = followers.stats();
      context.log(`followers: ${following.lines} lines, delivered ${following.delayP50} ms after written at p50 (max ${following.delayMax} ms)`);
      // Issue 23: within 1.5× of the bare handler; its absolute p99 of 50 ms is withdrawn on two cores.
      const goal = { op: "<=" as const, value: 1.5 };
      const yardstickLabel = (percentile: string) => `same service query behind a bare node:http handler, ${percentile}`;
      return {
        measurements: [
          measurement({ label: `deployments.list p50, ${CONNECTIONS} clients`, unit: "ms", figure: figure.p50, yardstick: yardstick.p50, yardstickLabel: yardstickLabel("p50"), goal }),
          measurement({ label: `deployments.list p99, ${CONNECTIONS} clients`, unit: "ms", figure: figure.p99, yardstick: yardstick.p99, yardstickLabel: yardstickLabel("p99"), goal }),
          measurement({ label: `deployments.list p50, ${CONNECTIONS} clients, ${FOLLOWERS} logs followed`, unit: "ms", figure: followedFigure.p50, yardstick: yardstick.p50, yardstickLabel: yardstickLabel("p50"), goal }),
          measurement({ label: `deployments.list p99, ${CONNECTIONS} clients, ${FOLLOWERS} logs followed`, unit: "ms", figure: followedFigure.p99, yardstick: yardstick.p99, yardstickLabel: yardstickLabel("p99"), goal }),
        ],
        limits: [],
        details: { deployments: DEPLOYMENTS, page: PAGE, connections: CONNECTIONS, seconds: SECONDS, product: figure, bare: yardstick, followers: FOLLOWERS, withFollowers: followedFigure, following },
      };
    } finally {
      for (const stop of stops.reverse()) await stop().catch((error) => context.log(`cleanup: ${error}`));
      await restore();
      await database.drop();
    }
  },
};

export default benchmark;
