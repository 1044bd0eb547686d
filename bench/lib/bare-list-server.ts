// P4's yardstick in a Node process of its own, as the product runs in its own: the service's deployments query on
// its Prisma client, JSON over plain node:http. In the benchmark's process it shared an event loop and a heap with
// the seeding's garbage and the sandbox clouds that feed the followed logs, which the product's process does not.
// Started by ./bare-list.ts, which passes what it needs in the environment. Source maps as the launcher sets them.
import "@/scripts/lib/source-maps";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { listDeployments } from "@/server/deployments/queries";
import type { Caller } from "@/server/identity/actor";
import { LISTENING_MARK } from "./bare-list";

const caller = JSON.parse(process.env.BENCH_BARE_CALLER!) as Caller;
const limit = Number(process.env.BENCH_BARE_PAGE);

const server = createServer((_req, res) => {
  listDeployments(caller, { limit }).then(
    (rows) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(rows));
    },
    (error) => {
      res.writeHead(500);
      res.end(String(error));
    },
  );
});
server.listen(Number(process.env.BENCH_BARE_PORT), "127.0.0.1", () => {
  console.log(`${LISTENING_MARK}http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
});
process.once("SIGTERM", () => server.close(() => process.exit(0)));
