// `npm run audit:find-plaintext-secrets` against a trail holding plaintext secrets from before secrets existed: it
// names each such event and where in it, and never prints a value.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { recordAudit } from "@/server/audit/record";
import { db } from "@/server/db/client";
import { root } from "@/scripts/lib/prepare";

const SYSTEM = { actor: null, meta: { requestId: "test", sourceIp: null, userAgent: "vitest" } };
const PLANTED = "hunter2-planted-8f3a";
const KEY_ID = "AKIAIOSFODNN7EXAMPLE";

it("lists the events that hold plaintext secrets, where and why, never the values", async () => {
  await recordAudit(db(), SYSTEM, { action: "deployment.deploy", outcome: "ok", resourceType: "deployment", resourceId: "d-1", after: { spec: { env: { GREETING: "hi", DB_PASSWORD: PLANTED } } } });
  await recordAudit(db(), SYSTEM, { action: "app.update", outcome: "ok", resourceType: "app", resourceId: "a-1", after: { description: "clean" } });
  await recordAudit(db(), SYSTEM, { action: "target.create", outcome: "ok", resourceType: "target", resourceId: "t-1", before: { note: `old key ${KEY_ID}` } });
  const sequences = (await db().auditEvent.findMany({ orderBy: { sequence: "asc" }, select: { sequence: true } })).map((event) => event.sequence);

  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/audit-find-plaintext-secrets.ts"], { cwd: root, env: process.env });
  const lines = stdout.trim().split("\n");
  expect(lines).toHaveLength(3);
  expect(lines[0]).toMatch(new RegExp(`^#${sequences[0]} \\S+ deployment\\.deploy \\(deployment d-1\\) after\\.spec\\.env\\.DB_PASSWORD: a value under the secret-looking name DB_PASSWORD$`));
  expect(lines[1]).toMatch(new RegExp(`^#${sequences[2]} \\S+ target\\.create \\(target t-1\\) before\\.note: looks like an AWS access key id$`));
  expect(lines[2]).toBe("2 audit event(s) hold what looks like a plaintext secret (2 place(s)); the values are not shown");
  expect(stdout).not.toContain(PLANTED);
  expect(stdout).not.toContain(KEY_ID);
});
