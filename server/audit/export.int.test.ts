// Exports verified offline, and rejected after any one-byte change to the file or the manifest.
import { execFile } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { exportToFile } from "./export-file";
import { filterWhere } from "./list";
import { verifyAuditExport } from "./export-verify";
import { recordAudit } from "./record";

process.env.BULKHEAD_AUDIT_SIGNING_KEY = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
process.env.BULKHEAD_AUDIT_CHECKPOINT_EVERY = "300";

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
    expect(await verifyAuditExport(file, manifestText)).toEqual({ ok: true, count: manifest.count });

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
    expect(await verifyAuditExport(file, manifestText)).toEqual({ ok: true, count: manifest.count });
  });
});

it("exports exactly the events audit.list's filter selects (the COPY's condition is derived from it)", async () => {
  const events = await db().auditEvent.findMany({ where: { action: { not: "audit.export" } }, orderBy: { sequence: "asc" }, select: { occurredAt: true } });
  const from = events[Math.floor(events.length / 4)].occurredAt;
  const to = events[Math.floor(events.length / 2)].occurredAt;
  const filters = [{ from, to }, { from }, { to, outcome: "denied" as const }, { action: "app.update", resourceId: "app-3" }, { actorId: "nobody" }];
  for (const [index, filter] of filters.entries()) {
    const { manifest } = await exported("ndjson", `filter-${index}`, filter);
    const expected = await db().auditEvent.count({ where: { ...filterWhere(filter), sequence: { lte: BigInt(manifest.range.headSequence) } } });
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
  await expect(cli(await flipped(file, 500), manifestPath)).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining("SHA-256") });
}, 60_000);
