// Signed notes, checkpoints and cosignatures against other implementations' published values: the verifier
// keys and the signed note of Go's golang.org/x/mod/sumdb/note tests, the example key of c2sp.org/signed-note,
// and transparency-dev/formats' keys of both signature types.
import { createPrivateKey, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkpointText, cosign, cosignedAt, openCheckpoint, parseCheckpointText, signCheckpoint } from "./checkpoint";
import { hasValidSignature, parseNote, parseVkey, signerOf, signNote, SIGNATURE_TYPE, vkey } from "./note";

const PETER = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const PETER_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_NOTE = `${PETER_TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;
/** The private key of PETER in Go's own encoding: type byte 0x01, then the 32-byte Ed25519 seed. */
const PETER_SEED = Buffer.from("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz", "base64").subarray(1);
const OTHER_KEYS = [
  "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
  "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop",
  "TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6",
  "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2",
];

const fresh = (name: string, type: (typeof SIGNATURE_TYPE)[keyof typeof SIGNATURE_TYPE]) => signerOf(name, type, generateKeyPairSync("ed25519").privateKey);

describe("signed notes", () => {
  it.each([PETER, ...OTHER_KEYS])("reads and writes back the verifier key %s, whose key id it recomputes", (text) => {
    expect(vkey(parseVkey(text))).toBe(text);
  });

  it("refuses verifier keys with a wrong key id, a bad key or an unknown type", () => {
    expect(() => parseVkey(PETER.replace("c74f20a3", "c74f20a4"))).toThrow(/does not match the key/);
    expect(() => parseVkey("PeterNeumann+c74f20a3+ARpc")).toThrow(/not one type byte and 32 bytes/);
    expect(() => parseVkey("no-plus-signs")).toThrow(/<name>\+<key id>\+<key>/);
    expect(() => parseVkey("x+00000000+BRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")).toThrow(/type 5 is not supported/);
  });

  it("verifies Go's signed note, and signing its text with the same key gives the same bytes", () => {
    const peter = parseVkey(PETER);
    expect(hasValidSignature(parseNote(PETER_NOTE), peter)).toBe(true);
    expect(hasValidSignature(parseNote(PETER_NOTE.replace("cryptography", "Cryptography")), peter)).toBe(false);
    const pkcs8 = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), PETER_SEED]);
    const signer = signerOf("PeterNeumann", SIGNATURE_TYPE.ed25519, createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" }));
    expect(signNote(PETER_TEXT, signer)).toBe(PETER_NOTE);
  });

  it("refuses what is not a signed note", () => {
    expect(() => parseNote("no blank line\n— a b\n")).toThrow(/no blank line/);
    expect(() => parseNote("text\n\nnot a signature\n")).toThrow(/not a signature line/);
    expect(() => signNote("tab\there\n", fresh("a", SIGNATURE_TYPE.ed25519))).toThrow(/control characters/);
  });
});

describe("checkpoints and cosignatures", () => {
  const log = fresh("bulkhead.example/audit", SIGNATURE_TYPE.ed25519);
  const witness = fresh("witness.example/w1", SIGNATURE_TYPE.cosignatureV1);
  const checkpoint = { origin: "bulkhead.example/audit", size: 20852163n, root: Buffer.from("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=", "base64") };

  it("writes the three lines of c2sp.org/tlog-checkpoint and reads them back", () => {
    expect(checkpointText(checkpoint)).toBe("bulkhead.example/audit\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n");
    expect(parseCheckpointText(checkpointText(checkpoint))).toEqual(checkpoint);
    expect(() => parseCheckpointText("o\n012\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")).toThrow(/size line/);
    expect(() => parseCheckpointText("o\n12\nnot-base64\n")).toThrow(/root line/);
  });

  it("opens a checkpoint only with a known key of the log", () => {
    const note = signCheckpoint(checkpoint, log);
    expect(openCheckpoint(note, [log]).size).toBe(20852163n);
    expect(() => openCheckpoint(note, [fresh("bulkhead.example/audit", SIGNATURE_TYPE.ed25519)])).toThrow(/no valid signature of a known log key/);
  });

  it("cosigns as c2sp.org/tlog-cosignature/v1: a timestamp, then Ed25519 over the header, the time and the text", () => {
    const note = signCheckpoint(checkpoint, log);
    const at = new Date("2026-12-01T10:00:00Z");
    const cosigned = note + cosign(checkpointText(checkpoint), witness, at);
    expect(cosignedAt(cosigned, witness)).toEqual(at);
    const line = parseNote(cosigned).signatures[1];
    expect(line.signature.readBigUInt64BE(0)).toBe(BigInt(at.getTime() / 1000));
    // Moved onto another checkpoint, the cosignature no longer holds.
    const other = signCheckpoint({ ...checkpoint, size: 20852164n }, log);
    expect(cosignedAt(other + line.line, witness)).toBeNull();
    expect(cosignedAt(cosigned, fresh("witness.example/w1", SIGNATURE_TYPE.cosignatureV1))).toBeNull();
  });
});
