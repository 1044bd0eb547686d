import path from "node:path";
import { db } from "@/server/db/client";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "@/server/identity/demo-accounts";
import { seedSandbox } from "@/prisma/seed";
import { buildDashboard, root } from "@/scripts/lib/prepare";
import { navByRole } from "@/app/_components/shell/nav-items";
import { firstLoadJs } from "./lib/first-load-js";
import { limit, measurement } from "./lib/measure";
import { performanceScores, type PageScore } from "./lib/lighthouse-score";
import { startProduct } from "./lib/next-server";
import { useProductDatabase } from "./lib/product-env";
import { scratchDatabase } from "./lib/scratch-database";
import { sized } from "./lib/size";
import type { Benchmark } from "./lib/types";

// P6: what a browser downloads and how fast the developer's home renders.
// - First-load JS (gzip) of every dashboard route from the production build (method in
//   lib/first-load-js.ts), against the React + Next.js runtime every App Router page loads in the same
//   build: the ratio says how much the dashboard adds on top of the framework floor.
// - Lighthouse performance score of the developer's home, signed in, against the sign-in page's score in
//   the same browser run (≥ 0.95× of it).

const PORT = 3252;
const KB = 1000;
const ROUTE_LIMIT_KB = 180;
const RUNS = sized(3, 1);

function median(scores: PageScore[]): PageScore {
  return [...scores].sort((a, b) => a.score - b.score)[Math.floor(scores.length / 2)];
}

const benchmark: Benchmark = {
  name: "P6",
  title: "Dashboard first-load JS and Lighthouse performance",
  async run(context) {
    await buildDashboard();
    const { runtime, routes } = await firstLoadJs(path.join(root, ".next"));
    const dashboard = routes.filter((route) => route.route !== "/sign-in");
    const heaviest = dashboard.reduce((a, b) => (b.gzipBytes > a.gzipBytes ? b : a));
    context.log(`first-load JS (gzip): ${routes.map((r) => `${r.route} ${(r.gzipBytes / KB).toFixed(1)} kB`).join(", ")}; runtime ${(runtime.gzipBytes / KB).toFixed(1)} kB`);

    const database = await scratchDatabase(context.serverUrl, "bench_p6");
    const restore = await useProductDatabase(database.url);
    let product: Awaited<ReturnType<typeof startProduct>> | undefined;
    try {
      await seedSandbox(db());
      product = await startProduct({ databaseUrl: database.url, port: PORT });
      const email = DEMO_ACCOUNTS.find((account) => account.role === "developer")!.email;
      const cookie = await product.signIn(email, DEMO_PASSWORD);
      const home = navByRole.developer[0].href;
      // Both pages served once before Lighthouse looks, so neither pays for the server's first load of its
      // route; then three runs each, alternating, and the median run of each (Lighthouse's own advice for
      // noisy machines). The sign-in page goes without the cookie: signed in, it redirects to the home.
      for (const [path, headers] of [["/sign-in", {}], [home, { cookie }]] as const) await (await fetch(`${product.url}${path}`, { headers })).text();
      const runs: { signIn: PageScore[]; home: PageScore[] } = { signIn: [], home: [] };
      for (let run = 0; run < RUNS; run++) {
        runs.signIn.push(...(await performanceScores([`${product.url}/sign-in`])));
        runs.home.push(...(await performanceScores([`${product.url}${home}`], { cookie })));
      }
      const signIn = median(runs.signIn);
      const developerHome = median(runs.home);
      if (!developerHome.url.endsWith(home)) throw new Error(`Lighthouse ended on ${developerHome.url}, not ${home}: is the session cookie accepted?`);
      context.log(`Lighthouse performance (median of ${RUNS}): ${home} ${developerHome.score} (${runs.home.map((r) => r.score).join(", ")}), /sign-in ${signIn.score} (${runs.signIn.map((r) => r.score).join(", ")})`);

      const routeLimits = dashboard.map((route) => limit({ label: `first-load JS ${route.route} (gzip)`, unit: "kB", value: route.gzipBytes / KB, op: "<=", limit: ROUTE_LIMIT_KB }));
      return {
        measurements: [
          measurement({
            label: `first-load JS of the heaviest dashboard route (${heaviest.route}), gzip`,
            unit: "kB",
            figure: heaviest.gzipBytes / KB,
            yardstick: runtime.gzipBytes / KB,
            yardstickLabel: "React + Next.js runtime chunks every App Router page loads (rootMainFiles), same build",
            // The issue sets an absolute 180 kB; as a ratio to the framework floor of this build, that is this.
            goal: { op: "<=", value: ROUTE_LIMIT_KB / (runtime.gzipBytes / KB) },
          }),
          measurement({
            label: `Lighthouse performance score, developer home ${home} (signed in)`,
            unit: "score",
            figure: developerHome.score,
            yardstick: signIn.score,
            yardstickLabel: "Lighthouse performance score of /sign-in, same browser run",
            goal: { op: ">=", value: 0.95 },
          }),
        ],
        // The absolute score of 95 is withdrawn (issue 23): on this shared machine it measures the machine as much as the
        // page, so the page is held to /sign-in's score of the same run.
        limits: routeLimits,
        details: {
          runtimeGzipBytes: runtime.gzipBytes,
          routes: Object.fromEntries(routes.map((route) => [route.route, { gzipBytes: route.gzipBytes, chunks: route.chunks }])),
          lighthouse: { developerHome, signIn, runs: { home: runs.home.map((r) => r.score), signIn: runs.signIn.map((r) => r.score) } },
        },
      };
    } finally {
      await product?.stop().catch((error) => context.log(`cleanup: ${error}`));
      await restore();
      await database.drop();
    }
  },
};

export default benchmark;
