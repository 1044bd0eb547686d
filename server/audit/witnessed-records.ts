// What the witnesses outside the database hold, for verification to hold the database against: every
// checkpoint in the append-only directory (signed by a key of the log) with the event hashes it added, and the
// newest checkpoint the witness process cosigned (checked with the witness's key). Read as a walk reaches them,
// so memory stays flat however many checkpoints there are. Nothing here trusts the database.
import { openCheckpoint, cosignedAt } from "@/tlog/checkpoint";
import type { NoteVerifier } from "@/tlog/note";
import { latestCosigned } from "./witness-client";
import { DIRECTORY_WITNESS, type WitnessConfig } from "./witness-config";
import { eventHashFiles, readCheckpointNote, readEventHashes, witnessedCheckpointSizes } from "./witness-directory";

export interface WitnessedCheckpoint {
  size: bigint;
  root: Buffer;
  /** Which witnesses hold it. */
  by: string[];
}

export interface WitnessSummary {
  name: string;
  /** Checkpoints read from it. */
  checkpoints: number;
  /** Why it could not be consulted, or what it holds that is not a valid checkpoint of this log. */
  problem: string | null;
}

export class WitnessedRecords {
  private files: bigint[] | null = null;
  private loaded: { first: bigint; hashes: Map<bigint, string> } | null = null;
  /** Two witnesses holding different roots for one size: the log was forked. */
  readonly conflicts: string[] = [];

  private constructor(
    private readonly config: WitnessConfig,
    private readonly origin: string,
    private readonly logKeys: NoteVerifier[],
    /** Sizes of the directory's checkpoints, ascending (their notes are read page by page). */
    private readonly directorySizes: bigint[],
    /** The witness process's newest cosigned checkpoint. */
    private readonly processCheckpoint: WitnessedCheckpoint | null,
    readonly summaries: WitnessSummary[],
  ) {}

  /** Lists what the witnesses hold; the directory's notes themselves are read when a walk reaches them. */
  static async load(config: WitnessConfig, origin: string, logKeys: NoteVerifier[]): Promise<WitnessedRecords> {
    const summaries: WitnessSummary[] = [];
    let directorySizes: bigint[] = [];
    if (config.directory) {
      const summary: WitnessSummary = { name: DIRECTORY_WITNESS, checkpoints: 0, problem: null };
      summaries.push(summary);
      try {
        directorySizes = await witnessedCheckpointSizes(config.directory);
        summary.checkpoints = directorySizes.length;
      } catch (error) {
        summary.problem = `cannot read ${config.directory}: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    let processCheckpoint: WitnessedCheckpoint | null = null;
    if (config.process) {
      const { url, verifier } = config.process;
      const summary: WitnessSummary = { name: verifier.name, checkpoints: 0, problem: null };
      summaries.push(summary);
      try {
        const note = await latestCosigned(url, origin);
        if (note) {
          if (!cosignedAt(note, verifier)) throw new Error("its newest checkpoint carries no valid cosignature of its key");
          const checkpoint = openCheckpoint(note, logKeys);
          processCheckpoint = { size: checkpoint.size, root: checkpoint.root, by: [verifier.name] };
          summary.checkpoints = 1;
        }
      } catch (error) {
        summary.problem = `cannot be consulted at ${url}: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    return new WitnessedRecords(config, origin, logKeys, directorySizes, processCheckpoint, summaries);
  }

  /** The largest size any witness holds, or null. */
  get lastSize(): bigint | null {
    const sizes = [...this.directorySizes.slice(-1), ...(this.processCheckpoint ? [this.processCheckpoint.size] : [])];
    return sizes.length ? sizes.reduce((a, b) => (a > b ? a : b)) : null;
  }

  /** The witnessed checkpoints with sizes in [from, to], ascending, each with every witness holding it. A
   * directory note that is not a valid checkpoint of this log is left out and reported in its summary. */
  async checkpointsIn(from: bigint, to: bigint): Promise<WitnessedCheckpoint[]> {
    const bySize = new Map<bigint, WitnessedCheckpoint>();
    const summary = this.summaries.find((s) => s.name === DIRECTORY_WITNESS);
    for (const size of this.directorySizes.filter((s) => s >= from && s <= to)) {
      try {
        const checkpoint = openCheckpoint(await readCheckpointNote(this.config.directory!, size), this.logKeys);
        if (checkpoint.origin !== this.origin || checkpoint.size !== size) throw new Error(`it is a checkpoint of ${checkpoint.origin} at size ${checkpoint.size}`);
        bySize.set(size, { size, root: checkpoint.root, by: [DIRECTORY_WITNESS] });
      } catch (error) {
        if (summary) summary.problem ??= `checkpoints/${size}.note: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    const held = this.processCheckpoint;
    if (held && held.size >= from && held.size <= to) {
      const known = bySize.get(held.size);
      if (!known) bySize.set(held.size, { ...held, by: [...held.by] });
      else if (known.root.equals(held.root)) known.by.push(...held.by);
      else this.conflicts.push(`checkpoint ${held.size}: ${known.by.join(", ")} and ${held.by.join(", ")} hold different roots`);
    }
    return [...bySize.values()].sort((a, b) => (a.size < b.size ? -1 : 1));
  }

  /** The chain hash the directory witnessed for this event, if it holds one. Reads one file at a time. */
  async eventHash(sequence: bigint): Promise<string | undefined> {
    const directory = this.config.directory;
    if (!directory) return undefined;
    if (this.loaded?.hashes.has(sequence)) return this.loaded.hashes.get(sequence);
    this.files ??= await eventHashFiles(directory);
    // The last file starting at or before the sequence (binary search: one file per checkpoint, many of them).
    let [low, high] = [0, this.files.length - 1];
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.files[middle] <= sequence) [found, low] = [middle, middle + 1];
      else high = middle - 1;
    }
    if (found === -1) return undefined;
    const first = this.files[found];
    if (this.loaded?.first !== first) this.loaded = { first, hashes: await readEventHashes(directory, first) };
    return this.loaded.hashes.get(sequence);
  }
}
