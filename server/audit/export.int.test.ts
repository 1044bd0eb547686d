// Exports verified offline, and rejected after any one-byte change to the file or the manifest; their proofs
// part shows each exported event, filtered or not, is in the log at a witnessed checkpoint.
import { execFile } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { ConflictError } from "@/server/errors";
import { parseVkey, signerOf, SIGNATURE_TYPE, vkey } from "@/tlog/note";
import { db } from "@/server/db/client";
import { checkpointNow } from "./checkpointer";
import { exportToFile } from "./export-file";
import { openExportProofs } from "./export-proofs";
import { filterWhere, resolveFilter } from "./list";
import { verifyAuditExport } from "./export-offline-check";
import { recordAudit } from "./record";

process.env.BULKHEAD_AUDIT_SIGNING_KEY = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();

const EVENTS = 2000;
const actor = { userId: "u-compliance", email: "officer@test.local", name: "Officer", role: "compliance" as const, teamIds: [] };
const who = { actor, meta: { requestId: "export-test", sourceIp: "127.0.0.1", userAgent: 'agent, with "quotes"\nand a newline' } };
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "audit-export-"));
  for (let i = 0; i < EVENTS; i++) {
    await recordAudit(db(), who, {
      action: i % 2 ? "app.update" : "deployment.create",
      outcome: i % 7 ? "ok" : "denied",
      resourceType: "app",
      resourceId: `app-${i % 10}`,
      reason: i % 3 ? undefined : "",
      before: i % 5 ? { name: `n${i}`, tags: ["a,b", 'c"d'] } : undefined,
      after: { name: `n${i + 1}`, unicode: "é😀" },
    });
  }
  // The checkpointer, as the running product would have run it meanwhile, with the directory as its witness.
  process.env.BULKHEAD_AUDIT_WITNESS_DIR = join(dir, "witness");
  expect((await checkpointNow()).witnessed).toEqual([`directory ${EVENTS}`]);
}, 120_000);

async function exported(format: "csv" | "ndjson", name: string, filter = {}) {
  const file = join(dir, `${name}.${format}`);
  const manifestPath = `${file}.manifest.json`;
  const progress: number[] = [];
  const manifest = await exportToFile({ exportId: name, format, filter, who, onProgress: (rows) => progress.push(rows) }, file, manifestPath);
  return { file, manifestPath, manifest, progress, manifestText: await readFile(manifestPath, "utf8") };
}

/** The file with one byte changed at `at`, written beside it. */
async function flipped(path: string, at: number) {
  const bytes = await readFile(path);
  bytes[at] ^= 0x01;
  const copy = `${path}.flip${at}`;
  await writeFile(copy, bytes);
  return copy;
}

const positions = (size: number) => [0, 1, Math.floor(size / 3), Math.floor(size / 2), size - 70, size - 2, size - 1];

describe.each(["csv", "ndjson"] as const)("%s export", (format) => {
  it("is accepted whole and rejected after any one-byte change to the file or the manifest", async () => {
    const { file, manifest, manifestText, progress } = await exported(format, `all-${format}`);
    // Everything up to the head, including the audit events of exports made before this one.
    expect(manifest.count).toBe(Number(manifest.range.headSequence));
    expect(manifest.count).toBeGreaterThanOrEqual(EVENTS);
    expect(manifest.first?.sequence).toBe("1");
    expect(manifest.checkpoint).not.toBeNull();
    expect(progress.at(-1)).toBe(manifest.count);
    expect(await verifyAuditExport(file, manifestText)).toEqual({ ok: true, count: manifest.count, proved: null });

    const size = (await readFile(file)).length;
    for (const at of positions(size)) {
      const verdict = await verifyAuditExport(await flipped(file, at), manifestText);
      expect(verdict.ok, `file byte ${at}`).toBe(false);
    }
    const manifestPath = join(dir, `m-${format}.json`);
    await writeFile(manifestPath, manifestText);
    for (const at of [...positions(manifestText.length), manifestText.indexOf('"count"') + 9, manifestText.indexOf('"sha256"') + 12]) {
      const verdict = await verifyAuditExport(file, await readFile(await flipped(manifestPath, at), "utf8"));
      expect(verdict.ok, `manifest byte ${at}`).toBe(false);
    }
  });

  it("exports a filtered selection that still verifies", async () => {
    const { file, manifest, manifestText } = await exported(format, `denied-${format}`, { outcome: "denied", resourceType: "app", resourceId: "app-0" });
    expect(manifest.count).toBeGreaterThan(0);
    expect(manifest.count).toBeLessThan(EVENTS);
    expect(await verifyAuditExport(file, manifestText)).toEqual({ ok: true, count: manifest.count, proved: null });
  });
});

/** Writes the proofs part of an export as the HTTP route streams it. */
async function proofsFile(exportId: string): Promise<string> {
  const { header, lines } = await openExportProofs(exportId);
  const text = [JSON.stringify(header)];
  for await (const line of lines) text.push(JSON.stringify(line));
  const path = join(dir, `${exportId}.proofs.ndjson`);
  await writeFile(path, text.join("\n") + "\n");
  return path;
}

describe("export proofs", () => {
  it("prove each event of a filtered export is in the log at a witnessed checkpoint", async () => {
    const { file, manifestText, manifest } = await exported("csv", "proved", { outcome: "denied" });
    const path = await proofsFile("proved");
    const lines = (await readFile(path, "utf8")).trim().split("\n");
    expect(lines).toHaveLength(manifest.count + 1);
    expect(JSON.parse(lines[0])).toMatchObject({ format: "bulkhead-audit-export-proofs/v1", treeSize: String(EVENTS), witnesses: ["directory"] });
    expect(await verifyAuditExport(file, manifestText, undefined, { path })).toEqual({ ok: true, count: manifest.count, proved: { treeSize: String(EVENTS), origin: "localhost/audit", cosignedBy: [] } });
  });

  it("are refused when one hash of one proof changed, or when checked with another log key", async () => {
    const { file, manifestText } = await exported("ndjson", "proved-tampered", { resourceId: "app-4" });
    const path = await proofsFile("proved-tampered");
    const lines = (await readFile(path, "utf8")).split("\n");
    const line = JSON.parse(lines[3]) as { sequence: string; proof: string[] };
    line.proof[1] = Buffer.alloc(32, 7).toString("base64");
    lines[3] = JSON.stringify(line);
    await writeFile(`${path}.tampered`, lines.join("\n"));
    expect(await verifyAuditExport(file, manifestText, undefined, { path: `${path}.tampered` })).toEqual({
      ok: false,
      problem: `event ${line.sequence}: its inclusion proof does not lead to the root of checkpoint ${EVENTS}`,
    });
    const stranger = signerOf("localhost/audit", SIGNATURE_TYPE.ed25519, generateKeyPairSync("ed25519").privateKey);
    expect(await verifyAuditExport(file, manifestText, undefined, { path, logKeys: [parseVkey(vkey(stranger))] })).toMatchObject({ ok: false, problem: "proofs: the checkpoint carries no valid signature of a known log key" });
  });

  it("wait for a witnessed checkpoint that covers the export's last event", async () => {
    await recordAudit(db(), who, { action: "app.create", outcome: "ok", resourceType: "app", resourceId: "late" });
    await exported("ndjson", "too-new", { resourceId: "late" });
    await expect(openExportProofs("too-new")).rejects.toThrow(ConflictError);
    await checkpointNow();
    await expect(proofsFile("too-new")).resolves.toMatch(/too-new/);
  });
});

it("exports exactly the events audit.list's filter selects (the COPY's condition is derived from it)", async () => {
  const events = await db().auditEvent.findMany({ where: { action: { not: "audit.export" } }, orderBy: { sequence: "asc" }, select: { occurredAt: true } });
  const from = events[Math.floor(events.length / 4)].occurredAt;
  const to = events[Math.floor(events.length / 2)].occurredAt;
  const filters = [{ from, to }, { from }, { to, outcome: "denied" as const }, { action: "app.update", resourceId: "app-3" }, { actorId: "nobody" }, { action: "deployment.*" }, { actor: "OFFICER@" }, { actor: "100%_" }];
  for (const [index, filter] of filters.entries()) {
    const { manifest } = await exported("ndjson", `filter-${index}`, filter);
    const expected = await db().auditEvent.count({ where: { ...filterWhere(await resolveFilter(filter)), sequence: { lte: BigInt(manifest.range.headSequence) } } });
    expect(manifest.count, JSON.stringify(filter)).toBe(expected);
  }
  expect(new Set((await Promise.all(filters.map((filter) => db().auditEvent.count({ where: filterWhere(filter) })))).map(String)).size).toBeGreaterThan(2);
});

it("audits each export with its filter, count and manifest", async () => {
  const { manifest } = await exported("ndjson", "audited", { action: "app.update" });
  const event = await db().auditEvent.findFirstOrThrow({ where: { action: "audit.export", resourceId: "audited" } });
  expect(event).toMatchObject({ outcome: "ok", actorId: actor.userId, resourceType: "audit-export" });
  expect(event.after).toMatchObject({ filter: { action: "app.update" }, count: EVENTS / 2, manifest: { sha256: manifest.sha256 } });
});

it("rejects a file checked with another key than the one given", async () => {
  const { file, manifestText } = await exported("csv", "other-key");
  const otherKey = generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "pem" }).toString();
  expect(await verifyAuditExport(file, manifestText, otherKey)).toMatchObject({ ok: false });
});

it("npm run audit:verify-export exits 0 on an intact export and 1 naming why on a changed one", async () => {
  const { file, manifestPath } = await exported("csv", "cli");
  const cli = (...args: string[]) => promisify(execFile)("npm", ["run", "--silent", "audit:verify-export", "--", ...args], { env: { ...process.env, DATABASE_URL: "" } });
  await expect(cli(file, manifestPath)).resolves.toMatchObject({ stdout: expect.stringContaining("export verified") });
  await checkpointNow();
  const proofs = await proofsFile("cli");
  await expect(cli(file, manifestPath, "--proofs", proofs)).resolves.toMatchObject({ stdout: expect.stringMatching(/export verified: \d+ events, each included in localhost\/audit at tree size \d+/) });
  await expect(cli(await flipped(file, 500), manifestPath)).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining("SHA-256") });
}, 60_000);
