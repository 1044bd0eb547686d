// What the witnesses outside the database hold, for verification to hold the database against: every
// checkpoint in the append-only directory (signed by a key of the log) with the event hashes it added, and the
// newest checkpoint the witness process cosigned (checked with the witness's key). Nothing here trusts the
// database.
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

  private constructor(
    readonly checkpoints: WitnessedCheckpoint[],
    readonly summaries: WitnessSummary[],
    /** Two witnesses holding different roots for one size: the log was forked. */
    readonly conflicts: string[],
    private readonly directory: string | null,
  ) {}

  static async load(config: WitnessConfig, origin: string, logKeys: NoteVerifier[]): Promise<WitnessedRecords> {
    const bySize = new Map<bigint, WitnessedCheckpoint>();
    const summaries: WitnessSummary[] = [];
    const conflicts: string[] = [];
    const add = (name: string, size: bigint, root: Buffer) => {
      const known = bySize.get(size);
      if (!known) bySize.set(size, { size, root, by: [name] });
      else if (known.root.equals(root)) known.by.push(name);
      else conflicts.push(`checkpoint ${size}: ${known.by.join(", ")} and ${name} hold different roots`);
    };
    if (config.directory) {
      const summary: WitnessSummary = { name: DIRECTORY_WITNESS, checkpoints: 0, problem: null };
      summaries.push(summary);
      try {
        for (const size of await witnessedCheckpointSizes(config.directory)) {
          try {
            const checkpoint = openCheckpoint(await readCheckpointNote(config.directory, size), logKeys);
            if (checkpoint.origin !== origin || checkpoint.size !== size) throw new Error(`it is a checkpoint of ${checkpoint.origin} at size ${checkpoint.size}`);
            add(DIRECTORY_WITNESS, size, checkpoint.root);
            summary.checkpoints++;
          } catch (error) {
            summary.problem ??= `checkpoints/${size}.note: ${error instanceof Error ? error.message : String(error)}`;
          }
        }
      } catch (error) {
        summary.problem = `cannot read ${config.directory}: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    if (config.process) {
      const { url, verifier } = config.process;
      const summary: WitnessSummary = { name: verifier.name, checkpoints: 0, problem: null };
      summaries.push(summary);
      try {
        const note = await latestCosigned(url, origin);
        if (note) {
          if (!cosignedAt(note, verifier)) throw new Error("its newest checkpoint carries no valid cosignature of its key");
          const checkpoint = openCheckpoint(note, logKeys);
          add(verifier.name, checkpoint.size, checkpoint.root);
          summary.checkpoints = 1;
        }
      } catch (error) {
        summary.problem = `cannot be consulted at ${url}: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    const checkpoints = [...bySize.values()].sort((a, b) => (a.size < b.size ? -1 : 1));
    return new WitnessedRecords(checkpoints, summaries, conflicts, config.directory);
  }

  /** The chain hash the directory witnessed for this event, if it holds one. Reads one file at a time. */
  async eventHash(sequence: bigint): Promise<string | undefined> {
    if (!this.directory) return undefined;
    if (this.loaded?.hashes.has(sequence)) return this.loaded.hashes.get(sequence);
    this.files ??= await eventHashFiles(this.directory);
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
    if (this.loaded?.first !== first) this.loaded = { first, hashes: await readEventHashes(this.directory, first) };
    return this.loaded.hashes.get(sequence);
  }
}
