import { createHash, createPublicKey, type KeyObject } from "node:crypto";
import { InvalidInputError } from "@/server/errors";

// A pasted public key, parsed: what is stored is the key as Node re-exports it (one canonical PEM per key) and its
// fingerprint. Only ECDSA P-256 is taken: it is what `cosign generate-key-pair` makes and what the signatures
// Bulkhead reads use; another kind is refused by name rather than stored to fail every verification later.

export interface ParsedPublicKey {
  pem: string;
  fingerprint: string;
  key: KeyObject;
}

const refused = (message: string) => new InvalidInputError([{ field: "publicKey", message }]);

export function parsePublicKey(pem: string): ParsedPublicKey {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: "pem" });
  } catch {
    throw refused("This is not a public key Bulkhead can read: paste the whole PEM block of cosign.pub");
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType !== "ec" || curve !== "prime256v1") {
    const kind = key.asymmetricKeyType === "ec" ? `an ECDSA key on ${curve}` : `an ${key.asymmetricKeyType?.toUpperCase() ?? "unknown"} key`;
    throw refused(`Bulkhead verifies ECDSA P-256 keys (what cosign generate-key-pair makes); this is ${kind}`);
  }
  const der = key.export({ type: "spki", format: "der" });
  return { pem: key.export({ type: "spki", format: "pem" }).toString(), fingerprint: createHash("sha256").update(der).digest("hex"), key };
}
