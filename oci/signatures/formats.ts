// The two ways cosign attaches a signature to an image, which is what Bulkhead reads and (for the sandbox and tests)
// writes:
// - a Sigstore bundle (sigstore/protobuf-specs, bundle v0.3) as an OCI referrer of the image, its one layer the bundle:
//   a DSSE envelope over an in-toto statement naming the image's digest (cosign `sign --new-bundle-format`);
// - the older tag layout: a manifest tagged `sha256-<hex>.sig` in the image's repository whose layers are "simple
//   signing" payloads naming the digest, each signature (base64, over the payload's bytes) in an annotation
//   (sigstore/cosign specs/SIGNATURE_SPEC.md).

export const SIGSTORE_BUNDLE = "application/vnd.dev.sigstore.bundle.v0.3+json";
export const IN_TOTO = "application/vnd.in-toto+json";
export const IN_TOTO_STATEMENT = "https://in-toto.io/Statement/v1";
/** The predicate cosign gives a plain image signature in a bundle. */
export const COSIGN_SIGN_PREDICATE = "https://sigstore.dev/cosign/sign/v1";

export const SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";
export const SIMPLE_SIGNING_TYPE = "cosign container image signature";
export const COSIGN_SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";

/** The tag cosign's legacy layout keeps an image's signatures under. */
export const cosignSignatureTag = (digest: string) => `${digest.replace(":", "-")}.sig`;

/** How a signature was attached. */
export type SignatureLayout = "sigstore-bundle" | "cosign-tag";
