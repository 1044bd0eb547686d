// The keys anyone needs to check checkpoints offline: every key that has signed, with the tree sizes it signs
// (audit.publicKeys), and the current one even before its first checkpoint.
import { db } from "@/server/db/client";
import { vkey } from "@/tlog/note";
import { checkpointSigner, registeredKeys } from "./log-keys";

export async function publishedKeys() {
  const keys = await registeredKeys(db());
  const current = await checkpointSigner();
  const listed = keys.map((key) => ({
    vkey: key.vkey,
    fingerprint: key.fingerprint,
    publicKeyPem: key.publicKeyPem,
    /** The first size it signs; null for a configured key that has not signed a checkpoint yet. */
    fromSize: key.fromSize.toString() as string | null,
    /** The last size it signs, inclusive; null while it is the current key. */
    toSize: key.toSize === null ? null : (key.toSize - 1n).toString(),
  }));
  if (!keys.some((key) => key.fingerprint === current.fingerprint)) {
    listed.push({ vkey: vkey(current), fingerprint: current.fingerprint, publicKeyPem: current.publicKeyPem, fromSize: null, toSize: null });
  }
  return listed;
}
