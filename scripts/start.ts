// `npm start`: one process that runs the whole product on this machine — Postgres (embedded unless DATABASE_URL is
// set), migrations, the sandbox seed and clouds, the job workers and the Next.js server. SIGTERM or Ctrl-C stop it
// gracefully (server/runtime/shutdown.ts). With only BULKHEAD_APP_DATABASE_URL it is another replica of an
// installation that is already running: it connects as the app and leaves Postgres and migrations to the first.
import "./lib/supported-node";
import "./lib/source-maps";
import path from "node:path";
import { buildDashboard, generatePrismaClient, root } from "./lib/prepare";

const { accessLogger, logger } = await import("@/server/observability/logger");
const log = logger().child({ component: "launcher" });
const { Shutdown } = await import("@/server/runtime/shutdown");
const shutdown = new Shutdown(log);

async function main() {
  const started = Date.now();
  log.info(`starting on Node.js ${process.version}`);
  // Pinned to an absolute path for everything that reads it later in this process.
  process.env.BULKHEAD_DATA_DIR = path.resolve(root, process.env.BULKHEAD_DATA_DIR ?? ".data");
  const dataDir = process.env.BULKHEAD_DATA_DIR;
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? "127.0.0.1";
  process.env.PORT = String(port);
  shutdown.listen();

  const mode = process.env.DATABASE_URL ? "external" : process.env.BULKHEAD_APP_DATABASE_URL ? "replica" : "embedded";
  if (mode === "embedded") process.env.BULKHEAD_SANDBOX ??= "1";
  const sandbox = process.env.BULKHEAD_SANDBOX === "1";
  // Refused before anything is built or started: outside the sandbox the shared keys come from the environment.
  await (await import("@/server/runtime/replica-secrets")).resolveSharedKeys({ sandbox, dataDir });

  await generatePrismaClient();
  // A half-filled or invalid single sign-on setting stops the start here, naming the variable.
  const sso = (await import("@/server/identity/oidc-config")).oidcConfig();
  await buildDashboard();

  const database = await import("@/server/runtime/database");
  const { appUrl, stop: stopPostgres } = await database.prepareDatabase({ mode, dataDir, log });
  if (stopPostgres) shutdown.last("postgres", stopPostgres);
  // Everything from here on (seed, workers, the Next server) connects as the app.
  process.env.DATABASE_URL = appUrl;

  const { db, disconnectDb } = await import("@/server/db/client");
  shutdown.after("database connections", disconnectDb);
  if (mode !== "replica") {
    // Before anything deploys: secret-looking plain variables of older revisions move into sealed secrets.
    await (await import("@/server/secrets/migrate-plaintext")).migratePlaintextSecrets((line) => log.info(line));
    const { seedSandbox, ensureBootstrapAdmin } = await import("@/prisma/seed");
    if (sandbox) await seedSandbox(db(), (line) => log.info(line));
    if (process.env.BULKHEAD_ADMIN_EMAIL && process.env.BULKHEAD_ADMIN_PASSWORD) {
      await ensureBootstrapAdmin(db(), process.env.BULKHEAD_ADMIN_EMAIL, process.env.BULKHEAD_ADMIN_PASSWORD, (line) => log.info(line));
    }
  }
  if (sso) {
    await (await import("@/server/identity/oidc-sync")).assertMappedTeamsExist(db(), sso.groupMap);
    log.info(`single sign-on through ${sso.issuer} (${Object.keys(sso.groupMap).length} mapped groups)`);
  }

  if (sandbox && mode !== "replica") {
    const { startSandboxClouds } = await import("@/server/sandbox/clouds");
    const clouds = await startSandboxClouds({ tokenLifetimeSeconds: Number(process.env.BULKHEAD_SANDBOX_TOKEN_SECONDS ?? 900) });
    shutdown.after("sandbox clouds", clouds.stop);
    log.info(`sandbox clouds: ${clouds.emulators.map((emulator) => emulator.url).join(", ")} (tokens last ${clouds.clouds.tokenLifetimeSeconds} s)`);
    const { startSandboxRegistry } = await import("@/server/sandbox/registry");
    const { setting } = await import("@/server/config/env");
    const registry = await startSandboxRegistry({ port: setting("BULKHEAD_SANDBOX_REGISTRY_PORT") ?? port + 1, log: (line) => log.info(line) });
    shutdown.after("sandbox registry", registry.stop);
  }
  if (sandbox && mode !== "replica" && !process.env.BULKHEAD_AUDIT_WITNESS_URL) {
    const { startSandboxWitness } = await import("@/server/audit/sandbox-witness");
    shutdown.after("sandbox witness", await startSandboxWitness(dataDir, (line) => log.info(line)));
  }
  const jobs = await import("@/server/jobs/queue");
  shutdown.jobs(jobs.stopTakingJobs, jobs.stopQueue);
  if (process.env.BULKHEAD_WORKERS !== "0") {
    const stopCheckpointer = await (await import("@/server/runtime/workers")).startWorkers();
    shutdown.after("audit checkpointer", async () => stopCheckpointer());
    log.info("job workers running");
  }

  const next = (await import("next")).default;
  const app = next({ dev: false, dir: root, hostname: host, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const { startHttpServer } = await import("@/server/runtime/http-server");
  const own = await import("@/server/runtime/launcher-routes");
  const { publicUrl, serverEnv } = await import("@/server/config/env");
  const answerOwn = own.launcherRoutes(own.launcherHeaders(await own.nextConfigHeaderRules(root)), publicUrl(serverEnv()));
  shutdown.server(
    await startHttpServer({
      host,
      port,
      log: logger().child({ component: "http" }),
      accessLog: accessLogger().child({ component: "http" }),
      handle: (req, res) => {
        const route = own.launcherRoute(req);
        return route ? answerOwn(req, res, route) : handle(req, res);
      },
    }),
  );
  const url = `http://${host === "127.0.0.1" ? "localhost" : host}:${port}`;
  log.info(`ready on ${url} in ${((Date.now() - started) / 1000).toFixed(1)} s${sandbox ? " (sandbox: demo accounts are listed on the sign-in page)" : ""}`);
}

main().catch(async (error) => {
  log.fatal({ err: error }, `could not start: ${error instanceof Error ? error.message : error}`);
  await shutdown.run(1);
});
