// The emulator's state on disk, when the sandbox gives it a folder (EmulatorOptions.stateDir): one JSON file, read at
// start and written shortly after each change (changes that come together are written once), so restarting Bulkhead
// is not a wipe of its Azure. The file is replaced atomically (written beside it, then renamed).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

const WRITE_DELAY_MS = 50;

export interface StateFile<T> {
  /** What the file held at start, if it existed. */
  initial: T | undefined;
  /** Schedules a write of `snapshot()`. */
  changed(): void;
  /** Writes now if a write is due (on stop). */
  flush(): void;
}

export function stateFile<T>(stateDir: string | undefined, name: string, snapshot: () => T): StateFile<T> {
  if (!stateDir) return { initial: undefined, changed: () => {}, flush: () => {} };
  mkdirSync(stateDir, { recursive: true });
  const file = path.join(stateDir, `${name}.json`);
  const initial = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as T) : undefined;
  let timer: NodeJS.Timeout | undefined;
  const write = () => {
    timer = undefined;
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(snapshot()), { mode: 0o600 });
    renameSync(temporary, file);
  };
  return {
    initial,
    changed: () => void (timer ??= setTimeout(write, WRITE_DELAY_MS)),
    flush: () => {
      if (!timer) return;
      clearTimeout(timer);
      write();
    },
  };
}
