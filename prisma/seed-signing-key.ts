import type { PrismaClient } from "@/server/db/generated/client";
import { recordAudit } from "@/server/audit/record";
import type { RequestMeta } from "@/server/identity/actor";
import { labelledSigningKey, SANDBOX_SIGNING_KEY_LABEL } from "@/oci/build/signing-key";
import { parsePublicKey } from "@/server/signing-keys/public-key";

/** The name the sandbox's signing key is trusted under. */
export const SANDBOX_SIGNING_KEY_NAME = "Sandbox demo images";

/** Trusts, platform-wide, the key the sandbox registry signs its demo images with (oci/build/signing-key.ts), unless
 * an operator removed it: it is added once, audited, and never again. */
export async function seedSigningKey(db: PrismaClient, who: { actor: null; meta: RequestMeta }, log: (line: string) => void) {
  const key = parsePublicKey(labelledSigningKey(SANDBOX_SIGNING_KEY_LABEL).publicKeyPem);
  if (await db.auditEvent.findFirst({ where: { action: "signing-key.add", reason: "the sandbox registry's signing key" }, select: { sequence: true } })) return;
  await db.$transaction(async (tx) => {
    const row = await tx.signingKey.create({ data: { name: SANDBOX_SIGNING_KEY_NAME, publicKey: key.pem, fingerprint: key.fingerprint } });
    const after = { id: row.id, name: row.name, scope: "Platform", fingerprint: row.fingerprint };
    await recordAudit(tx, who, { action: "signing-key.add", outcome: "ok", resourceType: "signing-key", resourceId: row.id, reason: "the sandbox registry's signing key", after });
  });
  log(`trusted the sandbox signing key platform-wide (${key.fingerprint.slice(0, 16)})`);
}
