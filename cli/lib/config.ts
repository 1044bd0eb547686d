// Where `bulkhead login` keeps the API's address and token: $BULKHEAD_CONFIG, else $XDG_CONFIG_HOME/bulkhead/config.json,
// else ~/.config/bulkhead/config.json; the file is the owner's alone (0600, in a 0700 folder), and one readable by
// others is refused, as ssh refuses such a key. BULKHEAD_URL and BULKHEAD_TOKEN, when set, win over the file: that
// is how a CI job passes its token without writing it anywhere.
import { chmod, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { CliError, EXIT } from "./exit";

/** The environment variables read (process.env by default). */
type Env = Record<string, string | undefined>;

export interface Config {
  url: string;
  token: string;
}

export function configPath(env: Env = process.env): string {
  if (env.BULKHEAD_CONFIG) return env.BULKHEAD_CONFIG;
  const base = env.XDG_CONFIG_HOME || path.join(os.homedir(), ".config");
  return path.join(base, "bulkhead", "config.json");
}

export async function saveConfig(config: Config, file = configPath()): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  // writeFile keeps the mode of a file that already existed: set it in any case.
  await chmod(file, 0o600);
  return file;
}

export async function forgetConfig(file = configPath()): Promise<boolean> {
  const existed = await stat(file).then(
    () => true,
    () => false,
  );
  await rm(file, { force: true });
  return existed;
}

async function fromFile(file: string): Promise<Partial<Config>> {
  const info = await stat(file).catch(() => null);
  if (!info) return {};
  if (process.platform !== "win32" && (info.mode & 0o077) !== 0) {
    throw new CliError(`${file} can be read by others (mode ${(info.mode & 0o777).toString(8)}): run chmod 600 on it, or log in again`, EXIT.unauthorized);
  }
  try {
    return JSON.parse(await readFile(file, "utf8")) as Partial<Config>;
  } catch {
    throw new CliError(`${file} is not valid JSON: log in again`, EXIT.usage);
  }
}

/** The API to call and the token to call it with. */
export async function loadConfig(env: Env = process.env): Promise<Config> {
  const file = configPath(env);
  const saved = env.BULKHEAD_URL && env.BULKHEAD_TOKEN ? {} : await fromFile(file);
  const url = env.BULKHEAD_URL || saved.url;
  const token = env.BULKHEAD_TOKEN || saved.token;
  if (!url || !token) throw new CliError("Not logged in: run `bulkhead login --url <address>`, or set BULKHEAD_URL and BULKHEAD_TOKEN", EXIT.unauthorized);
  return { url, token };
}
