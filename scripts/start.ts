// `npm start`: one process that runs the whole product on this machine — Postgres (embedded unless
// DATABASE_URL is set), migrations, the sandbox seed and the Next.js server. Ctrl-C stops it all.
import "./lib/supported-node";
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import path from "node:path";
import { buildDashboard, generatePrismaClient, root } from "./lib/prepare";

const log = (line: string) => console.log(`[bulkhead] ${line}`);
const stops: (() => Promise<void>)[] = [];

async function shutdown(code: number) {
  for (const stop of stops.reverse()) await stop().catch((error) => console.error(error));
  process.exit(code);
}

/** Source address for audit and rate limits: the socket's own unless a trusted proxy forwards it. */
function pinClientAddress(req: IncomingMessage) {
  if (process.env.BULKHEAD_TRUST_PROXY === "1" && req.headers["x-forwarded-for"]) return;
  req.headers["x-forwarded-for"] = req.socket.remoteAddress ?? "";
}

async function main() {
  const started = Date.now();
  log(`starting on Node.js ${process.version}`);
  // Pinned to an absolute path for everything that reads it later in this process.
  process.env.BULKHEAD_DATA_DIR = path.resolve(root, process.env.BULKHEAD_DATA_DIR ?? ".data");
  const dataDir = process.env.BULKHEAD_DATA_DIR;
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? "127.0.0.1";
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  // If whoever started us (npm, a terminal) is killed outright, we are re-parented: shut down cleanly
  // rather than linger holding the port and the database.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && void shutdown(0), 1000).unref();

  await generatePrismaClient();
  // A half-filled or invalid single sign-on setting stops the start here, naming the variable.
  const sso = (await import("@/server/identity/oidc-config")).oidcConfig();
  await buildDashboard();

  // Two connections: the owner's (migrations, pg-boss's schema, grants) and the app's, a member of
  // bulkhead_app that may only SELECT and INSERT the audit trail (server/db/app-role.ts).
  let ownerUrl: string;
  let appUrl = process.env.BULKHEAD_APP_DATABASE_URL || undefined;
  const embedded = !process.env.DATABASE_URL;
  if (!embedded) {
    ownerUrl = process.env.DATABASE_URL!;
    log("using the Postgres server in DATABASE_URL (no embedded server started)");
  } else {
    if (appUrl) throw new Error("BULKHEAD_APP_DATABASE_URL needs DATABASE_URL (the owner's connection, for migrations) as well");
    const { startEmbeddedPostgres } = await import("@/server/db/embedded-postgres");
    const postgres = await startEmbeddedPostgres({ dataDir, log: (line) => log(`postgres: ${line}`) });
    stops.push(postgres.stop);
    ownerUrl = postgres.url;
    process.env.BULKHEAD_SANDBOX ??= "1";
    log(`embedded Postgres running with data in ${path.join(dataDir, "postgres")}`);
  }

  const { secretFromFile } = await import("@/server/config/secret-file");
  process.env.BULKHEAD_AUTH_SECRET ??= await secretFromFile(dataDir, "auth-secret");
  process.env.BULKHEAD_CREDENTIALS_KEY ??= await secretFromFile(dataDir, "credentials-key", () => randomBytes(32).toString("base64"));
  process.env.PORT = String(port);

  const { applyMigrations } = await import("@/server/db/migrate");
  const applied = await applyMigrations(ownerUrl, log);
  log(applied.length ? `applied migrations: ${applied.join(", ")}` : "database schema is up to date");
  const appRole = await import("@/server/db/app-role");
  await appRole.grantAppRole(ownerUrl);
  if (embedded) {
    const password = await secretFromFile(dataDir, "postgres-app-password");
    await appRole.ensureAppLogin(ownerUrl, appRole.EMBEDDED_APP_LOGIN, password);
    appUrl = appRole.asLogin(ownerUrl, appRole.EMBEDDED_APP_LOGIN, password);
  }
  const { installQueue } = await import("@/server/jobs/install");
  await installQueue(ownerUrl, log);
  if (appUrl) {
    const check = await appRole.checkAppRole(appUrl);
    if (check.restricted) log(`the app connects as ${check.user}: it may only read and append to the audit trail`);
    else log(`WARNING: BULKHEAD_APP_DATABASE_URL's role ${check.user} ${check.reason}: the audit trail is protected by triggers only (see README, "Audit trail")`);
    // Everything from here on (seed, workers, the Next server) connects as the app.
    process.env.DATABASE_URL = appUrl;
  } else {
    log("WARNING: BULKHEAD_APP_DATABASE_URL is not set, so the app connects with DATABASE_URL's role, which owns the tables: the audit trail is protected by triggers only (see README, \"Audit trail\")");
  }

  const { db, disconnectDb } = await import("@/server/db/client");
  stops.push(disconnectDb);
  const { seedSandbox, ensureBootstrapAdmin } = await import("@/prisma/seed");
  if (process.env.BULKHEAD_SANDBOX === "1") await seedSandbox(db(), log);
  if (process.env.BULKHEAD_ADMIN_EMAIL && process.env.BULKHEAD_ADMIN_PASSWORD) {
    await ensureBootstrapAdmin(db(), process.env.BULKHEAD_ADMIN_EMAIL, process.env.BULKHEAD_ADMIN_PASSWORD, log);
  }

  if (sso) {
    await (await import("@/server/identity/oidc-sync")).assertMappedTeamsExist(db(), sso.groupMap);
    log(`single sign-on through ${sso.issuer} (${Object.keys(sso.groupMap).length} mapped groups)`);
  }

  if (process.env.BULKHEAD_SANDBOX === "1") {
    const { startSandboxClouds } = await import("@/server/sandbox/clouds");
    const clouds = await startSandboxClouds();
    stops.push(clouds.stop);
    log(`sandbox clouds: ${clouds.emulators.map((emulator) => emulator.url).join(", ")}`);
  }
  if (process.env.BULKHEAD_SANDBOX === "1" && !process.env.BULKHEAD_AUDIT_WITNESS_URL) {
    const { startSandboxWitness } = await import("@/server/audit/sandbox-witness");
    stops.push(await startSandboxWitness(dataDir, log));
  }
  if (process.env.BULKHEAD_WORKERS !== "0") {
    const { startDeploymentWorkers } = await import("@/server/deployments/worker");
    const { stopQueue } = await import("@/server/jobs/queue");
    const { startAuditWorkers } = await import("@/server/audit/verification-job");
    const { startOverrideWorkers } = await import("@/server/overrides/expiry");
    await startDeploymentWorkers();
    await startOverrideWorkers();
    const stopCheckpointer = await startAuditWorkers();
    stops.push(stopQueue, async () => stopCheckpointer());
  }

  const next = (await import("next")).default;
  const app = next({ dev: false, dir: root, hostname: host, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createServer((req, res) => {
    pinClientAddress(req);
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, host, resolve));
  stops.push(() => new Promise((resolve) => server.close(() => resolve())));
  const url = `http://${host === "127.0.0.1" ? "localhost" : host}:${port}`;
  log(`ready on ${url} in ${((Date.now() - started) / 1000).toFixed(1)} s${process.env.BULKHEAD_SANDBOX === "1" ? " (sandbox: demo accounts are listed on the sign-in page)" : ""}`);
}

main().catch(async (error) => {
  console.error(`[bulkhead] could not start: ${error instanceof Error ? error.message : error}`);
  await shutdown(1);
});
