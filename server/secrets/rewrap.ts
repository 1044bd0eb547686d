import { db } from "@/server/db/client";
import { recordAudit } from "@/server/audit/record";
import { rewrapped } from "./envelope";
import { currentKey } from "./installation-key";

// Installation key rotation: every data key sealed under a retired key (BULKHEAD_SECRETS_RETIRED_KEYS) is wrapped
// anew under BULKHEAD_SECRETS_KEY, a batch per transaction, so a stopped run resumes where it stopped and a
// finished one finds nothing to do. Values are never unsealed, only their data keys. The run is audited.

const BATCH = 500;
const SYSTEM = { actor: null, meta: { requestId: "secrets-rewrap", sourceIp: null, userAgent: "bulkhead-secrets-rewrap" } };

export async function rewrapAll(progress: (done: number, total: number) => void = () => {}): Promise<{ rewrapped: number; keyId: string }> {
  const key = currentKey();
  const total = await db().appSecretVersion.count({ where: { keyId: { not: key.id } } });
  const fromKeys = new Set<string>();
  let done = 0;
  for (;;) {
    const batch = await db().$transaction(async (tx) => {
      const rows = await tx.appSecretVersion.findMany({ where: { keyId: { not: key.id } }, take: BATCH, select: { secretId: true, version: true, wrappedKey: true, keyId: true } });
      for (const row of rows) {
        fromKeys.add(row.keyId);
        await tx.appSecretVersion.update({ where: { secretId_version: { secretId: row.secretId, version: row.version } }, data: rewrapped(row, `${row.secretId}:${row.version}`)! });
      }
      return rows.length;
    });
    done += batch;
    if (batch) progress(done, total);
    if (batch < BATCH) break;
  }
  if (done) {
    await db().$transaction((tx) =>
      recordAudit(tx, SYSTEM, { action: "secrets.rewrap", outcome: "ok", resourceType: "secret", after: { versions: done, fromKeyIds: [...fromKeys].sort(), toKeyId: key.id } }),
    );
  }
  return { rewrapped: done, keyId: key.id };
}
