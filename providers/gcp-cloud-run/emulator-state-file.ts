// Where an emulator keeps its state between starts when given EmulatorOptions.stateDir (the sandbox's clouds live in
// BULKHEAD_DATA_DIR): one JSON file, read at start and rewritten shortly after every change, so restarting Bulkhead
// is not a wipe of its clouds. Written to a temporary file and renamed, so a crash mid-write leaves the previous state.
// The file holds what the cloud holds, secret values included, so only its owner may read it.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Changes within this long share one write. */
const WRITE_DELAY_MS = 50;

export class StateFile<State> {
  private timer: NodeJS.Timeout | undefined;
  private readonly file: string | undefined;

  constructor(
    dir: string | undefined,
    name: string,
    /** The whole state to write, taken when the write happens. */
    private readonly snapshot: () => State,
  ) {
    this.file = dir ? path.join(dir, `${name}.json`) : undefined;
  }

  /** The saved state, or undefined when there is none (or no folder was given). */
  load(): State | undefined {
    if (!this.file) return undefined;
    try {
      return JSON.parse(readFileSync(this.file, "utf8")) as State;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw new Error(`The emulator state in ${this.file} cannot be read: ${(error as Error).message}`);
    }
  }

  /** Something changed: write soon. */
  changed(): void {
    if (!this.file || this.timer) return;
    this.timer = setTimeout(() => this.flush(), WRITE_DELAY_MS);
  }

  /** Writes now if a change is pending (at stop). */
  flush(): void {
    if (!this.file || !this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.snapshot()), { mode: 0o600 });
    renameSync(temporary, this.file);
  }
}
