import { randomUUID } from "node:crypto";
import { db, type Tx } from "@/server/db/client";
import type { Prisma } from "@/server/db/generated/client";
import { recordAudit } from "@/server/audit/record";
import type { SecretReference } from "@/providers/types";
import { fingerprintOf, sealValue } from "./envelope";
import { looksLikeSecretName, SECRET_NAME_PARTS } from "./plaintext-guard";
import { specSecrets } from "./references";

// Revisions written before secrets existed may hold secret-looking plain variables (DB_PASSWORD=…) in their spec and
// plan. At every start (scripts/start.ts), each such value moves into a sealed secret of the app scoped to the
// deployment's target, one version per change of value in revision order, and the rows are rewritten to name it by
// reference; each move is audited. Idempotent: a rewritten row has nothing left to move. Audit events cannot be
// rewritten: `npm run audit:find-plaintext-secrets` lists those that hold such values.

const SYSTEM = { actor: null, meta: { requestId: "migration-plaintext-secrets", sourceIp: null, userAgent: "bulkhead-launcher" } };

const json = (value: unknown) => value as Prisma.InputJsonValue;

type Revision = { id: string; number: number; spec: Prisma.JsonValue; plan: Prisma.JsonValue };

/** `value` with every string equal to a moved plaintext replaced by a note naming the secret. */
function scrubbed(value: unknown, moved: Map<string, string>): unknown {
  if (typeof value === "string") return moved.get(value) ?? value;
  if (Array.isArray(value)) return value.map((item) => scrubbed(item, moved));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubbed(item, moved)]));
  return value;
}

async function migrateDeployment(tx: Tx, deploymentId: string): Promise<number> {
  const deployment = await tx.deployment.findUniqueOrThrow({ where: { id: deploymentId }, select: { appId: true, teamId: true, targetId: true, app: { select: { name: true } }, target: { select: { name: true } } } });
  const revisions: Revision[] = await tx.deploymentRevision.findMany({ where: { deploymentId }, orderBy: { number: "asc" }, select: { id: true, number: true, spec: true, plan: true } });
  const envOf = (revision: Revision) => ((revision.spec as { env?: Record<string, string> }).env ?? {}) as Record<string, string>;
  const names = [...new Set(revisions.flatMap((revision) => Object.keys(envOf(revision)).filter(looksLikeSecretName)))].sort();
  // name → revision number → the reference that replaces its plain value there
  const references = new Map<string, Map<number, SecretReference>>();
  for (const name of names) {
    const existing = await tx.appSecret.findFirst({ where: { appId: deployment.appId, name, targetId: deployment.targetId }, select: { id: true, currentVersion: true } });
    const secretId = existing?.id ?? randomUUID();
    if (!existing) await tx.appSecret.create({ data: { id: secretId, appId: deployment.appId, teamId: deployment.teamId, name, targetId: deployment.targetId, currentVersion: 0 } });
    let version = existing?.currentVersion ?? 0;
    let last = null as { value: string; ref: SecretReference } | null;
    const byRevision = new Map<number, SecretReference>();
    const versions: { version: number; fingerprint: string; revisions: number[] }[] = [];
    for (const revision of revisions) {
      const value = envOf(revision)[name];
      if (value === undefined) continue;
      if (last?.value !== value) {
        version += 1;
        const fingerprint = fingerprintOf(value);
        await tx.appSecretVersion.create({ data: { secretId, version, fingerprint, ...sealValue(value, `${secretId}:${version}`), createdByEmail: "plaintext migration" } });
        last = { value, ref: { name, version, fingerprint } };
        versions.push({ version, fingerprint, revisions: [] });
      }
      byRevision.set(revision.number, last.ref);
      versions.at(-1)!.revisions.push(revision.number);
    }
    await tx.appSecret.update({ where: { id: secretId }, data: { currentVersion: version } });
    references.set(name, byRevision);
    await recordAudit(tx, SYSTEM, {
      action: "secret.migrate",
      outcome: "ok",
      resourceType: "secret",
      resourceId: secretId,
      teamId: deployment.teamId,
      reason: "a plain variable with a secret's name, moved out of the deployment's revisions",
      after: { app: deployment.app.name, name, target: deployment.target.name, deploymentId, versions },
    });
  }
  for (const revision of revisions) {
    const env = envOf(revision);
    const moved = new Map<string, string>();
    const added: SecretReference[] = [];
    for (const name of names) {
      const ref = references.get(name)!.get(revision.number);
      if (!ref) continue;
      moved.set(env[name], `(moved to secret ${name} v${ref.version})`);
      added.push(ref);
    }
    if (!added.length) continue;
    const spec = revision.spec as Record<string, unknown>;
    const secrets = [...(specSecrets.parse(spec).secrets ?? []), ...added].sort((a, b) => a.name.localeCompare(b.name));
    const remaining = Object.fromEntries(Object.entries(env).filter(([name]) => !names.includes(name)));
    await tx.deploymentRevision.update({
      where: { id: revision.id },
      data: { spec: json({ ...spec, env: remaining, secrets }), plan: json(scrubbed(revision.plan, moved)) },
    });
  }
  return names.length;
}

/** Moves every secret-looking plain variable of every revision into sealed secrets; returns what it moved. */
export async function migratePlaintextSecrets(log: (line: string) => void = () => {}): Promise<{ deployments: number; secrets: number }> {
  // The same names the guard refuses, found by Postgres so a start reads only the revisions that need it.
  const pattern = SECRET_NAME_PARTS.join("|");
  const rows = await db().$queryRaw<{ deploymentId: string }[]>`
    SELECT DISTINCT "deploymentId" FROM "DeploymentRevision"
    WHERE jsonb_typeof(spec->'env') = 'object'
      AND EXISTS (SELECT 1 FROM jsonb_object_keys(spec->'env') AS name WHERE upper(name) ~ ${pattern})`;
  let secrets = 0;
  for (const { deploymentId } of rows) secrets += await db().$transaction((tx) => migrateDeployment(tx, deploymentId), { timeout: 60_000 });
  if (rows.length) log(`moved ${secrets} plaintext secret(s) of ${rows.length} deployment(s) out of their revisions into sealed secrets`);
  return { deployments: rows.length, secrets };
}
