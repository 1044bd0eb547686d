// The append-only directory witness, CloudTrail's digest files kept outside the log's own store: every
// checkpoint as its signed note (checkpoints/<size>.note) and the chain hash of every event it added
// (event-hashes/<first sequence>.txt, "<sequence> <hash>" lines, at most 10,000 per file), so a verifier can
// name the exact event a rewrite changed. Files are never changed once written: each is written to a
// temporary name, fsync'd, then hard-linked to its final name (which fails if it exists) and the directory
// fsync'd. A rerun after a crash writes the same bytes and is accepted; different bytes under an existing
// name are refused: the database no longer says what the directory already witnessed.
import { randomBytes } from "node:crypto";
import { link, mkdir, open, readdir, readFile, unlink } from "node:fs/promises";
import path from "node:path";

const CHECKPOINTS = "checkpoints";
const EVENT_HASHES = "event-hashes";
export const EVENT_HASHES_PER_FILE = 10_000;

const padded = (n: bigint) => n.toString().padStart(20, "0");

export class WitnessedConflictError extends Error {}

async function fsyncDirectory(dir: string) {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes `content` to `dir/name` unless it is there already with the same bytes. */
async function publish(dir: string, name: string, content: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const final = path.join(dir, name);
  const temporary = path.join(dir, `.${name}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(temporary, "wx", 0o444);
  try {
    await handle.writeFile(content, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temporary, final);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const existing = await readFile(final, "utf8");
    if (existing !== content) throw new WitnessedConflictError(`${final} already witnesses something else: the database's record differs from what was witnessed`);
  } finally {
    await unlink(temporary);
  }
  await fsyncDirectory(dir);
}

export function writeCheckpointNote(root: string, size: bigint, note: string): Promise<void> {
  return publish(path.join(root, CHECKPOINTS), `${padded(size)}.note`, note);
}

/** Event hashes in files of at most EVENT_HASHES_PER_FILE, each named after its first sequence. */
export async function writeEventHashes(root: string, events: { sequence: bigint; hash: string }[]): Promise<void> {
  for (let at = 0; at < events.length; at += EVENT_HASHES_PER_FILE) {
    const part = events.slice(at, at + EVENT_HASHES_PER_FILE);
    await publish(path.join(root, EVENT_HASHES), `${padded(part[0].sequence)}.txt`, part.map((event) => `${event.sequence} ${event.hash}\n`).join(""));
  }
}

async function numberedFiles(dir: string, suffix: string): Promise<bigint[]> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [] as string[];
    throw error;
  });
  return names
    .filter((name) => new RegExp(`^\\d{20}\\${suffix}$`).test(name))
    .map((name) => BigInt(name.slice(0, 20)))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Sizes of the witnessed checkpoints, ascending. */
export function witnessedCheckpointSizes(root: string): Promise<bigint[]> {
  return numberedFiles(path.join(root, CHECKPOINTS), ".note");
}

export function readCheckpointNote(root: string, size: bigint): Promise<string> {
  return readFile(path.join(root, CHECKPOINTS, `${padded(size)}.note`), "utf8");
}

/** First sequences of the event-hash files, ascending. */
export function eventHashFiles(root: string): Promise<bigint[]> {
  return numberedFiles(path.join(root, EVENT_HASHES), ".txt");
}

export async function readEventHashes(root: string, first: bigint): Promise<Map<bigint, string>> {
  const text = await readFile(path.join(root, EVENT_HASHES, `${padded(first)}.txt`), "utf8");
  const hashes = new Map<bigint, string>();
  for (const line of text.split("\n")) {
    if (!line) continue;
    const match = /^(\d+) ([0-9a-f]{64})$/.exec(line);
    if (!match) throw new Error(`event-hashes/${padded(first)}.txt holds a line that is not "<sequence> <hash>"`);
    hashes.set(BigInt(match[1]), match[2]);
  }
  return hashes;
}
