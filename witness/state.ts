// A witness's own state, in its own folder, out of the log's reach: per log origin, the latest checkpoint it
// cosigned (size, root, the cosigned note), replaced atomically (temporary file, fsync, rename, fsync of the
// folder), and a history of every checkpoint it cosigned, appended and fsync'd before the answer goes out.
import { createHash, generateKeyPairSync } from "node:crypto";
import { appendFile, mkdir, open, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";

export interface LogState {
  origin: string;
  size: bigint;
  root: Buffer;
  /** The checkpoint with the log's signature and this witness's cosignature. */
  note: string;
}

const fileOf = (dir: string, origin: string) => path.join(dir, "logs", createHash("sha256").update(origin).digest("hex"));

async function fsyncPath(target: string) {
  const handle = await open(target, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function readState(dir: string, origin: string): Promise<LogState | null> {
  const text = await readFile(`${fileOf(dir, origin)}.json`, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw error;
  });
  if (text === null) return null;
  const saved = JSON.parse(text) as { origin: string; size: string; root: string; note: string };
  return { origin: saved.origin, size: BigInt(saved.size), root: Buffer.from(saved.root, "base64"), note: saved.note };
}

export async function writeState(dir: string, state: LogState, cosignedAt: Date): Promise<void> {
  const file = fileOf(dir, state.origin);
  await mkdir(path.dirname(file), { recursive: true });
  const record = { origin: state.origin, size: state.size.toString(), root: state.root.toString("base64"), note: state.note };
  await appendFile(`${file}.history`, `${JSON.stringify({ ...record, cosignedAt: cosignedAt.toISOString() })}\n`);
  await fsyncPath(`${file}.history`);
  const temporary = `${file}.json.tmp`;
  await writeFile(temporary, JSON.stringify(record));
  await fsyncPath(temporary);
  await rename(temporary, `${file}.json`);
  await fsyncPath(path.dirname(file));
}

/** The witness's private key, generated into its folder on first start (readable by its owner only). */
export async function witnessKeyPem(dir: string): Promise<string> {
  const file = path.join(dir, "witness-key.pem");
  await mkdir(dir, { recursive: true });
  const generated = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  await writeFile(file, generated, { mode: 0o600, flag: "wx" }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EEXIST") throw error;
  });
  return readFile(file, "utf8");
}
