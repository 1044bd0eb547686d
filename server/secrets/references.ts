import { z } from "zod";
import type { Tx } from "@/server/db/client";
import { DomainError } from "@/server/errors";
import type { SecretReference, SecretValues } from "@/providers/types";
import { openValue } from "./envelope";

// Which secrets a deployment gets and, for the worker alone, their values. A deployment of an app on a target gets
// every secret of the app at its current version: the target's own by a name, else the app-wide one.

export const secretReference = z.object({ name: z.string(), version: z.number().int(), fingerprint: z.string() });
/** spec.secrets as a revision stores it (absent on revisions made before secrets existed). */
export const specSecrets = z.object({ secrets: z.array(secretReference).optional() });

/** A revision names a secret version that no longer exists: the secret was deleted since. Retrying cannot help. */
export class SecretUnavailableError extends DomainError {}

/** For each name, the secret that applies on `targetId`: its own, else the app-wide one. */
async function applicable(tx: Tx, appId: string, targetId: string) {
  const secrets = await tx.appSecret.findMany({
    where: { appId, OR: [{ targetId: null }, { targetId }] },
    select: { id: true, name: true, targetId: true, currentVersion: true },
  });
  const byName = new Map<string, (typeof secrets)[number]>();
  for (const secret of secrets) if (secret.targetId || !byName.has(secret.name)) byName.set(secret.name, secret);
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export async function secretReferencesFor(tx: Tx, appId: string, targetId: string): Promise<SecretReference[]> {
  const secrets = await applicable(tx, appId, targetId);
  if (!secrets.length) return [];
  const versions = await tx.appSecretVersion.findMany({
    where: { OR: secrets.map((secret) => ({ secretId: secret.id, version: secret.currentVersion })) },
    select: { secretId: true, fingerprint: true },
  });
  const fingerprints = new Map(versions.map((version) => [version.secretId, version.fingerprint]));
  return secrets.map((secret) => ({ name: secret.name, version: secret.currentVersion, fingerprint: fingerprints.get(secret.id)! }));
}

export const sameReferences = (a: readonly SecretReference[], b: readonly SecretReference[]) =>
  a.length === b.length && a.every((ref, index) => ref.name === b[index].name && ref.version === b[index].version && ref.fingerprint === b[index].fingerprint);

/** The values a revision's references stand for, unsealed for one apply. Server-side only. */
export async function secretValuesFor(tx: Tx, appId: string, targetId: string, references: readonly SecretReference[]): Promise<SecretValues> {
  const values: Record<string, string> = {};
  for (const ref of references) {
    const version = await tx.appSecretVersion.findFirst({
      where: { version: ref.version, fingerprint: ref.fingerprint, secret: { appId, name: ref.name, OR: [{ targetId: null }, { targetId }] } },
      select: { secretId: true, version: true, ciphertext: true, wrappedKey: true, keyId: true },
    });
    if (!version) throw new SecretUnavailableError(`Secret ${ref.name} version ${ref.version} no longer exists (it was deleted): deploy again to use the app's current secrets`);
    values[ref.name] = openValue(version, `${version.secretId}:${version.version}`);
  }
  return values;
}
