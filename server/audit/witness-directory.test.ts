// The append-only directory: a file is written once; the same bytes again are accepted (a rerun after a crash),
// other bytes under the same name are refused and leave the witnessed file as it was.
import { mkdtemp, readdir, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { eventHashFiles, readCheckpointNote, readEventHashes, WitnessedConflictError, witnessedCheckpointSizes, writeCheckpointNote, writeEventHashes, EVENT_HASHES_PER_FILE } from "./witness-directory";

describe("the witness directory", () => {
  it("writes a checkpoint once, accepts the same bytes again, and refuses other bytes under its name", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "witness-dir-"));
    await writeCheckpointNote(dir, 12n, "note of 12\n");
    await writeCheckpointNote(dir, 12n, "note of 12\n");
    await expect(writeCheckpointNote(dir, 12n, "another note of 12\n")).rejects.toThrow(WitnessedConflictError);
    expect(await readCheckpointNote(dir, 12n)).toBe("note of 12\n");
    expect(await witnessedCheckpointSizes(dir)).toEqual([12n]);
    // No temporary file is left behind.
    expect(await readdir(path.join(dir, "checkpoints"))).toEqual([`${"12".padStart(20, "0")}.note`]);
  });

  it("splits event hashes into files of at most 10,000, named by their first sequence", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "witness-dir-"));
    const events = Array.from({ length: EVENT_HASHES_PER_FILE + 5 }, (_, i) => ({ sequence: BigInt(i + 1), hash: (i % 16).toString(16).repeat(64) }));
    await writeEventHashes(dir, events);
    expect(await eventHashFiles(dir)).toEqual([1n, BigInt(EVENT_HASHES_PER_FILE + 1)]);
    expect((await readEventHashes(dir, BigInt(EVENT_HASHES_PER_FILE + 1))).get(BigInt(EVENT_HASHES_PER_FILE + 5))).toBe(events.at(-1)!.hash);
    expect((await stat(path.join(dir, "event-hashes", `${"1".padStart(20, "0")}.txt`))).mode & 0o222).toBe(0); // read-only once written
    expect((await readFile(path.join(dir, "event-hashes", `${"1".padStart(20, "0")}.txt`), "utf8")).split("\n")).toHaveLength(EVENT_HASHES_PER_FILE + 1);
  });
});
