// Signing an image the ways cosign does (../signatures/formats.ts), with a key Bulkhead holds: for the sandbox's demo
// images and for tests. cosign itself cannot be had here (not in Debian); these are its formats, not its code.
import { sign, type KeyObject } from "node:crypto";
import { bundleToJSON, toDSSEBundle } from "@sigstore/bundle";
import { dsse } from "@sigstore/core";
import { COSIGN_SIGN_PREDICATE, COSIGN_SIGNATURE_ANNOTATION, cosignSignatureTag, IN_TOTO, IN_TOTO_STATEMENT, SIGSTORE_BUNDLE, SIMPLE_SIGNING, SIMPLE_SIGNING_TYPE } from "@/oci/signatures/formats";
import { buildArtifact } from "./artifact";
import { blob, type BuiltManifest, descriptor, jsonBlob } from "./blob";
import { OCI_CONFIG, OCI_MANIFEST } from "./image";

export interface Signing {
  privateKey: KeyObject;
  /** The bundle's key hint: how a verifier finds the key (cosign leaves it empty for a key pair). */
  keyHint?: string;
}

const hex = (digest: string) => digest.slice("sha256:".length);

/** A Sigstore bundle referring to `subject` (what cosign `sign --new-bundle-format` attaches): an in-toto statement
 * naming `name` at the subject's digest, signed in a DSSE envelope. Push it to the subject's repository. */
export function bundleSignature(subject: BuiltManifest, name: string, { privateKey, keyHint = "" }: Signing): BuiltManifest {
  const statement = Buffer.from(JSON.stringify({ _type: IN_TOTO_STATEMENT, subject: [{ name, digest: { sha256: hex(subject.digest) } }], predicateType: COSIGN_SIGN_PREDICATE, predicate: {} }));
  const signature = sign("sha256", dsse.preAuthEncoding(IN_TOTO, statement), privateKey);
  const bundle = bundleToJSON(toDSSEBundle({ artifact: statement, artifactType: IN_TOTO, signature, keyHint }));
  return buildArtifact({ subject, artifactType: SIGSTORE_BUNDLE, payload: Buffer.from(JSON.stringify(bundle)), payloadMediaType: SIGSTORE_BUNDLE });
}

/** cosign's tag layout: a manifest to tag `sha256-<hex>.sig` whose one layer is the simple signing payload naming
 * `dockerReference` at the subject's digest, its signature in the layer's annotation. */
export function cosignTagSignature(subject: BuiltManifest, dockerReference: string, { privateKey }: Signing): { manifest: BuiltManifest; tag: string } {
  const payload = blob(
    SIMPLE_SIGNING,
    Buffer.from(JSON.stringify({ critical: { identity: { "docker-reference": dockerReference }, image: { "docker-manifest-digest": subject.digest }, type: SIMPLE_SIGNING_TYPE }, optional: null })),
  );
  const signature = sign("sha256", payload.bytes, privateKey).toString("base64");
  const config = jsonBlob(OCI_CONFIG, { architecture: "", os: "", config: {}, rootfs: { type: "layers", diff_ids: [payload.digest] } });
  const manifest = jsonBlob(OCI_MANIFEST, { schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptor(config), layers: [descriptor(payload, { [COSIGN_SIGNATURE_ANNOTATION]: signature })] });
  return { manifest: { ...manifest, blobs: [config, payload], children: [] }, tag: cosignSignatureTag(subject.digest) };
}
