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
// must not cost the list its goal), each stream fed by a sandbox cloud's log service through its adapter. Each figure
// is the median of rounds taken in turn with the bare handler's, which is its yardstick.

const DEPLOYMENTS = sized(100_000, 1_000);
const APPS = sized(1_000, 100);
const TARGETS = DEPLOYMENTS / APPS;
const PAGE = 50;
const CONNECTIONS = sized(64, 8);
const SECONDS = Number(process.env.BENCH_P4_SECONDS ?? sized(10, 1));
// Rounds of each side taken in turn (bare, product, bare, product...), each side's figure the median of its rounds: the
// host's speed drifts by a third within minutes, and one side measured wholly before the other met a different host.
// A single 10 s round also fell on a varying part of the product's garbage-collection cycle (its heap grows from 0.3
// to 1.1 GB over about 20 s of this load before a full collection): its CPU per answer moved from 1.17 to 1.55 ms
// between rounds of one process.
const ROUNDS = Number(process.env.BENCH_P4_ROUNDS ?? sized(3, 1));
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

interface Side {
  what: string;
  url: string;
  pid: number;
  headers?: Record<string, string>;
}
type Round = LoadResult & { cpuMsPerAnswer: number };

/** Checks the side answers with deployments, then warms it. */
async function warm(side: Side): Promise<void> {
  const first = await fetch(side.url, { headers: side.headers });
  const body = await first.text();
  if (!first.ok || !body.includes("bench-app-")) throw new Error(`${side.what} did not answer with deployments: ${first.status} ${body.slice(0, 300)}`);
  if (WARM_UP_REQUESTS) await load(side.url, { connections: CONNECTIONS, requests: WARM_UP_REQUESTS, headers: side.headers });
}

async function round(context: BenchContext, side: Side, label: string): Promise<Round> {
  const cpuBefore = await processCpuMs(side.pid);
  const result = await load(side.url, { connections: CONNECTIONS, seconds: SECONDS, headers: side.headers });
  const cpuMsPerAnswer = Math.round((100 * ((await processCpuMs(side.pid)) - cpuBefore)) / result.requests) / 100;
  if (result.failures) throw new Error(`${label}: ${result.failures} failed requests`);
  context.log(`${label}: p50 ${result.p50} ms, p99 ${result.p99} ms, ${Math.round(result.requestsPerSecond)} req/s, ${cpuMsPerAnswer} ms of its process's CPU per answer`);
  return { ...result, cpuMsPerAnswer };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Each side's median round. */
function summary(rounds: Round[]) {
  return {
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    requestsPerSecond: median(rounds.map((r) => Math.round(r.requestsPerSecond))),
    cpuMsPerAnswer: median(rounds.map((r) => r.cpuMsPerAnswer)),
    rounds: rounds.map(({ p50, p99, requestsPerSecond, requests, cpuMsPerAnswer }) => ({ p50, p99, requestsPerSecond: Math.round(requestsPerSecond), requests, cpuMsPerAnswer })),
  };
}

/** ROUNDS rounds of each side, taken in turn. */
async function inTurn(context: BenchContext, bare: Side, product: Side) {
  const rounds = { bare: [] as Round[], product: [] as Round[] };
  for (let i = 1; i <= ROUNDS; i++) {
    rounds.bare.push(await round(context, bare, `${bare.what}, round ${i}`));
    rounds.product.push(await round(context, product, `${product.what}, round ${i}`));
  }
  const result = { bare: summary(rounds.bare), product: summary(rounds.product) };
  context.log(`median rounds: ${bare.what} p50 ${result.bare.p50} ms, p99 ${result.bare.p99} ms; ${product.what} p50 ${result.product.p50} ms, p99 ${result.product.p99} ms`);
  return result;
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

      const bareSide: Side = { what: "bare handler", url: bare.url, pid: bare.pid };
      const productSide: Side = { what: "product", url: productUrl, pid: product.pid, headers: { cookie } };
      await warm(bareSide);
      await warm(productSide);
      const plain = await inTurn(context, bareSide, productSide);
      const followers = await followAll(product.url, cookie, followed.ids);
      stops.push(followers.stop);
      await followers.ready(60_000);
      // Warmed again: the first follows run the list's own code (tRPC, zod, Prisma, node:http) with objects of other
      // shapes, and V8 throws away the code it had optimised for the list's and compiles it again, for a minute or so
      // (`--trace-deopt`, 5 December). Measured as the plain rounds are, once that has settled.
      await warm(bareSide);
      await warm(productSide);
      // The bare handler is measured again in turn with the followed product: the sandbox clouds that write and serve
      // the lines run on these two cores too (in the benchmark's process), where a real cloud's log service would not.
      const following = await inTurn(context, bareSide, { ...productSide, what: `product, ${FOLLOWERS} log streams followed` });
      const delivery = followers.stats();
      context.log(`followers: ${delivery.lines} lines, delivered ${delivery.delayP50} ms after written at p50 (max ${delivery.delayMax} ms)`);
      // Issue 23: within 1.5× of the bare handler; its absolute p99 of 50 ms is withdrawn on two cores.
      const goal = { op: "<=" as const, value: 1.5 };
      const yardstickLabel = (percentile: string, when = "") => `same service query behind a bare node:http handler, ${percentile}, median of ${ROUNDS} rounds taken in turn with the product's${when}`;
      return {
        measurements: [
          measurement({ label: `deployments.list p50, ${CONNECTIONS} clients`, unit: "ms", figure: plain.product.p50, yardstick: plain.bare.p50, yardstickLabel: yardstickLabel("p50"), goal }),
          measurement({ label: `deployments.list p99, ${CONNECTIONS} clients`, unit: "ms", figure: plain.product.p99, yardstick: plain.bare.p99, yardstickLabel: yardstickLabel("p99"), goal }),
          measurement({ label: `deployments.list p50, ${CONNECTIONS} clients, ${FOLLOWERS} logs followed`, unit: "ms", figure: following.product.p50, yardstick: following.bare.p50, yardstickLabel: yardstickLabel("p50", ", while the logs were followed"), goal }),
          measurement({ label: `deployments.list p99, ${CONNECTIONS} clients, ${FOLLOWERS} logs followed`, unit: "ms", figure: following.product.p99, yardstick: following.bare.p99, yardstickLabel: yardstickLabel("p99", ", while the logs were followed"), goal }),
        ],
        limits: [],
        details: { deployments: DEPLOYMENTS, page: PAGE, connections: CONNECTIONS, seconds: SECONDS, rounds: ROUNDS, product: plain.product, bare: plain.bare, followers: FOLLOWERS, withFollowers: following.product, bareWhileFollowing: following.bare, following: delivery },
      };
    } finally {
      for (const stop of stops.reverse()) await stop().catch((error) => context.log(`cleanup: ${error}`));
      await restore();
      await database.drop();
    }
  },
};

export default benchmark;
