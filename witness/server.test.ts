// The witness as its own process (`npm run witness`), spoken to over HTTP as c2sp.org/tlog-witness says: it
// cosigns only checkpoints of logs it trusts that are consistent, by proof, with the last one it cosigned, and
// its memory of that survives a restart.
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWitnessProcess, type WitnessProcess } from "@/testing/witness-process";
import { checkpointText, cosignedAt, signCheckpoint } from "@/tlog/checkpoint";
import { MerkleFrontier } from "@/tlog/frontier";
import { parseVkey, signerOf, SIGNATURE_TYPE, vkey } from "@/tlog/note";
import { consistencyRanges, foldRange, leafHash, nodeKey, perfectNodes } from "@/tlog/rfc9162";

const ORIGIN = "witness-test.example/audit";
const log = signerOf(ORIGIN, SIGNATURE_TYPE.ed25519, generateKeyPairSync("ed25519").privateKey);
const stranger = signerOf(ORIGIN, SIGNATURE_TYPE.ed25519, generateKeyPairSync("ed25519").privateKey);

/** A log of `leaves` entries, kept in memory: roots and consistency proofs for any size. */
function memoryLog(leaves: string[]) {
  const frontier = new MerkleFrontier();
  const nodes = new Map<string, Buffer>();
  for (const leaf of leaves) for (const node of frontier.push(leafHash(Buffer.from(leaf)))) nodes.set(nodeKey(node), node.hash);
  const range = (start: number, end: number) => foldRange(perfectNodes({ start, end }).map((node) => nodes.get(nodeKey(node))!));
  return {
    root: (size: number) => range(0, size),
    proof: (from: number, to: number) => consistencyRanges(from, to).map(({ start, end }) => range(start, end)),
    checkpoint: (size: number, signer = log) => signCheckpoint({ origin: ORIGIN, size: BigInt(size), root: range(0, size) }, signer),
  };
}

const honest = memoryLog(Array.from({ length: 40 }, (_, i) => `entry ${i}`));
const forked = memoryLog(Array.from({ length: 40 }, (_, i) => (i === 7 ? "rewritten" : `entry ${i}`)));

let witness: WitnessProcess;
const post = (body: string) => fetch(`${witness.url}/add-checkpoint`, { method: "POST", body });
const request = (old: number, proof: Buffer[], note: string) => `old ${old}\n${proof.map((p) => `${p.toString("base64")}\n`).join("")}\n${note}`;

beforeAll(async () => {
  witness = await startWitnessProcess([vkey(log)]);
}, 90_000);
afterAll(() => witness?.stop());

describe("a witness process", () => {
  it("cosigns a first checkpoint from old size 0, as cosignature/v1 of its own key", async () => {
    const note = honest.checkpoint(10);
    const response = await post(request(0, [], note));
    expect(response.status).toBe(200);
    const lines = await response.text();
    expect(cosignedAt(note + lines, parseVkey(witness.vkey))).toBeInstanceOf(Date);
  });

  it("cosigns a larger checkpoint with a valid consistency proof from the last one", async () => {
    expect((await post(request(10, honest.proof(10, 25), honest.checkpoint(25)))).status).toBe(200);
  });

  it("refuses a checkpoint that is not consistent with what it cosigned: 422, and keeps its state", async () => {
    // A rewritten leaf 7, re-signed with the log's own key: its proof cannot match the root cosigned at 25.
    const response = await post(request(25, forked.proof(25, 30), forked.checkpoint(30)));
    expect(response.status).toBe(422);
    expect(await response.text()).toMatch(/not consistent/);
    const latest = await (await fetch(`${witness.url}/latest?origin=${encodeURIComponent(ORIGIN)}`)).text();
    expect(latest.startsWith(checkpointText({ origin: ORIGIN, size: 25n, root: honest.root(25) }))).toBe(true);
  });

  it("answers 409 with the size it is at when the old size is not its own", async () => {
    const response = await post(request(10, honest.proof(10, 30), honest.checkpoint(30)));
    expect(response.status).toBe(409);
    expect(response.headers.get("content-type")).toBe("text/x.tlog.size");
    expect(await response.text()).toBe("25\n");
  });

  it("refuses an unknown key (403), an unknown origin (404) and a malformed request (400)", async () => {
    expect((await post(request(25, honest.proof(25, 30), honest.checkpoint(30, stranger)))).status).toBe(403);
    const elsewhere = signCheckpoint({ origin: "other.example/log", size: 1n, root: honest.root(1) }, signerOf("other.example/log", SIGNATURE_TYPE.ed25519, generateKeyPairSync("ed25519").privateKey));
    expect((await post(request(0, [], elsewhere))).status).toBe(404);
    expect((await post("new 3\n\nnot a checkpoint\n")).status).toBe(400);
    expect((await post(request(31, [], honest.checkpoint(30)))).status).toBe(400);
  });

  it("remembers what it cosigned across a restart", async () => {
    await witness.stop();
    witness = await startWitnessProcess([vkey(log)], witness.stateDir);
    expect((await post(request(25, honest.proof(25, 40), honest.checkpoint(40)))).status).toBe(200);
    expect((await post(request(25, honest.proof(25, 40), honest.checkpoint(40)))).status).toBe(409);
  }, 90_000);
});
