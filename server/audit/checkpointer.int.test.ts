// The checkpointer: grows the tree, signs C2SP checkpoints, and hands each to the append-only directory and to
// a real witness process; a witness that is down loses nothing (the next run hands it over); a rotated key signs
// from the size it was first used at, and the old one stays published with its range.
import { execFile } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { makeCaller } from "@/testing/callers";
import { startWitnessProcess, type WitnessProcess } from "@/testing/witness-process";
import { cosignedAt, openCheckpoint } from "@/tlog/checkpoint";
import { parseVkey, signerOf, SIGNATURE_TYPE, vkey } from "@/tlog/note";
import { ReferenceTree } from "@/tlog/reference-tree";
import { leafHash } from "@/tlog/rfc9162";
import { checkpointNow } from "./checkpointer";
import { checkpointSigner } from "./log-keys";
import { recordAudit } from "./record";
import { verifyAuditTrail } from "./trail-verification";

const run = promisify(execFile);
const system = { actor: null, meta: { requestId: "checkpointer-test", sourceIp: null, userAgent: null } };
const append = async (n: number) => {
  for (let i = 0; i < n; i++) await recordAudit(db(), system, { action: "app.update", outcome: "ok", resourceType: "app", after: { i } });
};
const newKey = () => generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();

let witness: WitnessProcess;
let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), "audit-witness-dir-"));
  witness = await startWitnessProcess([vkey(await checkpointSigner())]);
  process.env.BULKHEAD_AUDIT_WITNESS_DIR = directory;
  process.env.BULKHEAD_AUDIT_WITNESS_URL = witness.url;
  process.env.BULKHEAD_AUDIT_WITNESS_KEY = witness.vkey;
}, 90_000);
afterAll(() => witness?.stop());

async function rootOfEvents(): Promise<Buffer> {
  const events = await db().auditEvent.findMany({ orderBy: { sequence: "asc" }, select: { hash: true } });
  return new ReferenceTree(events.map((event) => leafHash(Buffer.from(event.hash!, "hex")))).root(events.length);
}

describe("the checkpointer", () => {
  it("signs the tree of every event so far and hands it to the directory and the witness process", async () => {
    await append(12);
    const result = await checkpointNow();
    expect(result).toMatchObject({ signed: 12n, problems: [] });
    expect(result.witnessed).toEqual(["directory 12", `${parseVkey(witness.vkey).name} 12`]);
    const checkpoint = await db().auditCheckpoint.findUniqueOrThrow({ where: { sequence: 12n } });
    const signer = await checkpointSigner();
    const opened = openCheckpoint(checkpoint.note!, [signer]);
    expect(opened).toMatchObject({ origin: "localhost/audit", size: 12n });
    expect(opened.root.equals(await rootOfEvents())).toBe(true);
    // The directory holds the note exactly, and every event's hash.
    expect(await readFile(path.join(directory, "checkpoints", `${"12".padStart(20, "0")}.note`), "utf8")).toBe(checkpoint.note);
    const hashes = await readFile(path.join(directory, "event-hashes", `${"1".padStart(20, "0")}.txt`), "utf8");
    expect(hashes.trim().split("\n")).toHaveLength(12);
    const cosigned = await db().auditCheckpointWitness.findUniqueOrThrow({ where: { sequence_witness: { sequence: 12n, witness: parseVkey(witness.vkey).name } } });
    expect(cosignedAt(checkpoint.note! + cosigned.cosignature!, parseVkey(witness.vkey))).toBeInstanceOf(Date);
  });

  it("signs nothing when there is nothing new", async () => {
    expect(await checkpointNow()).toEqual({ signed: null, witnessed: [], problems: [] });
  });

  it("loses nothing while the witness process is down: the next run hands the checkpoint over with a consistency proof", async () => {
    await witness.stop();
    await append(5);
    const down = await checkpointNow();
    expect(down.signed).toBe(17n);
    expect(down.witnessed).toEqual(["directory 17"]);
    expect(down.problems[0]).toMatch(/witness .* fetch failed|ECONNREFUSED/);
    witness = await startWitnessProcess([vkey(await checkpointSigner())], witness.stateDir);
    process.env.BULKHEAD_AUDIT_WITNESS_URL = witness.url;
    await append(3);
    const back = await checkpointNow();
    expect(back).toMatchObject({ signed: 20n, problems: [] });
    expect(back.witnessed).toEqual(["directory 20", `${parseVkey(witness.vkey).name} 20`]);
    expect((await verifyAuditTrail()).ok).toBe(true);
  }, 90_000);

  it("rotates keys: a new key signs from the size it is first used at, the old one stays published with its range", async () => {
    const oldKey = await checkpointSigner();
    const replacement = newKey();
    await append(4);
    // Another process (a restarted replica) with the new key, through `npm run audit:checkpoint`.
    const env = { ...process.env, BULKHEAD_AUDIT_SIGNING_KEY: replacement };
    const { stdout: refused } = await run(process.execPath, ["--import", "tsx", "scripts/audit-checkpoint.ts"], { env }).catch((error: { stdout: string }) => error);
    // The witness was not told about the new key yet: the checkpoint is signed, but not witnessed.
    expect(refused).toMatch(/signed checkpoint 24[\s\S]*NOT witnessed: witness .* refused checkpoint 24: 403/);
    await witness.stop();
    const newVkey = vkey(signerOf("localhost/audit", SIGNATURE_TYPE.ed25519, replacement));
    witness = await startWitnessProcess([vkey(oldKey), newVkey], witness.stateDir);
    const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/audit-checkpoint.ts"], { env: { ...env, BULKHEAD_AUDIT_WITNESS_URL: witness.url } });
    expect(stdout).toMatch(/witnessed: .* 24/);
    const compliance = await makeCaller("compliance");
    const keys = await compliance.caller.audit.publicKeys();
    expect(keys.map((key) => [key.vkey, key.fromSize, key.toSize])).toEqual([
      [vkey(oldKey), "12", "23"],
      [newVkey, "24", null],
    ]);
    process.env.BULKHEAD_AUDIT_WITNESS_URL = witness.url;
    expect(await verifyAuditTrail()).toMatchObject({ ok: true, checkpoints: 4 });
    // This process still holds the old key: once replaced, it may not sign again.
    await append(1);
    await expect(checkpointNow()).rejects.toThrow(/BULKHEAD_AUDIT_SIGNING_KEY is a retired key \(it signed tree sizes 12–23\)/);
  }, 120_000);
});
