// An event's inclusion proof as the event page downloads it (audit.proof), checked offline by
// `npm run audit:verify-proof` with the keys an auditor obtained: the log's and the witness process's.
import { execFile } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { makeCaller } from "@/testing/callers";
import { startWitnessProcess, type WitnessProcess } from "@/testing/witness-process";
import { signerOf, SIGNATURE_TYPE, vkey } from "@/tlog/note";
import { checkpointNow } from "./checkpointer";
import type { EventProofBundle } from "./event-proof-format";
import { checkpointSigner } from "./log-keys";
import { recordAudit } from "./record";

const system = { actor: null, meta: { requestId: "proof-test", sourceIp: null, userAgent: null } };
let witness: WitnessProcess;
let dir: string;
let logKey: string;
let compliance: Awaited<ReturnType<typeof makeCaller>>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "audit-proof-"));
  logKey = vkey(await checkpointSigner());
  witness = await startWitnessProcess([logKey]);
  Object.assign(process.env, { BULKHEAD_AUDIT_WITNESS_DIR: path.join(dir, "witness"), BULKHEAD_AUDIT_WITNESS_URL: witness.url, BULKHEAD_AUDIT_WITNESS_KEY: witness.vkey });
  compliance = await makeCaller("compliance");
  for (let n = 1; n <= 40; n++) await recordAudit(db(), system, { action: "app.update", outcome: n % 5 ? "ok" : "denied", resourceType: "app", resourceId: `a${n}`, after: { n, text: 'quoted "text", é' } });
}, 90_000);
afterAll(() => witness?.stop());

const verifyProof = (file: string, ...flags: string[]) =>
  promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/audit-verify-proof.ts", file, ...flags]).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );

async function saved(bundle: EventProofBundle, name: string) {
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify(bundle, null, 2));
  return file;
}

describe("an event's inclusion proof", () => {
  it("is pending until a witnessed checkpoint covers the event", async () => {
    await expect(compliance.caller.audit.proof({ sequence: "17" })).resolves.toMatchObject({ status: "pending", reason: expect.stringContaining("within 60 seconds") });
  });

  it("is checked offline with the log's and the witness's keys", async () => {
    expect((await checkpointNow()).problems).toEqual([]);
    const proof = await compliance.caller.audit.proof({ sequence: "17" });
    if (proof.status !== "ready") throw new Error("expected a proof");
    expect(proof.bundle).toMatchObject({ leafIndex: "16", treeSize: "40", witnesses: ["directory", expect.any(String)] });
    const file = await saved(proof.bundle, "17.proof.json");
    const { code, stdout } = await verifyProof(file, "--log-key", logKey, "--witness-key", witness.vkey);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^proof verified: event 17 is entry 16 of localhost\/audit at tree size 40, cosigned by bulkhead\.witness\/w1 at \d{4}-/m);
  }, 60_000);

  it("is refused when the event, the proof, or the keys are not the right ones", async () => {
    const proof = await compliance.caller.audit.proof({ sequence: "17" });
    if (proof.status !== "ready") throw new Error("expected a proof");
    const bundle = proof.bundle;
    const edited = await saved({ ...bundle, event: { ...bundle.event, outcome: "denied" } }, "edited.json");
    const moved = await saved({ ...bundle, inclusionProof: [...bundle.inclusionProof.slice(1), bundle.inclusionProof[0]] }, "moved.json");
    const stranger = vkey(signerOf("localhost/audit", SIGNATURE_TYPE.ed25519, generateKeyPairSync("ed25519").privateKey));
    const otherWitness = vkey(signerOf("bulkhead.witness/w1", SIGNATURE_TYPE.cosignatureV1, generateKeyPairSync("ed25519").privateKey));
    const file = await saved(bundle, "ok.json");
    const cases: [string, string[], string][] = [
      [edited, ["--log-key", logKey], "event 17: its content does not match its hash"],
      [moved, ["--log-key", logKey], "the inclusion proof does not lead from event 17 to the checkpoint's root"],
      [file, ["--log-key", stranger], "the checkpoint carries no valid signature of a known log key"],
      [file, ["--log-key", logKey, "--witness-key", otherWitness], "the checkpoint carries no valid cosignature of witness bulkhead.witness/w1"],
    ];
    for (const [path, flags, problem] of cases) {
      const { code, stdout } = await verifyProof(path, ...flags);
      expect([code, stdout.trim().split("\n").at(-1)], problem).toEqual([1, `proof REJECTED: ${problem}`]);
    }
  }, 90_000);

  it("is refused to developers and answers not found for an event that does not exist", async () => {
    const developer = await makeCaller("developer");
    await expect(developer.caller.audit.proof({ sequence: "1" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(compliance.caller.audit.proof({ sequence: "999999" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
