// The one error the registry client ends in: what went wrong, in words a developer can act on, with the registry's
// own code and message when it was the registry that refused.

export type RegistryErrorKind =
  | "reference" // the image reference itself is not valid
  | "unreachable" // no answer (connection refused, DNS, TLS)
  | "timeout"
  | "unauthorized" // credentials missing or refused
  | "denied"
  | "not-found" // the registry says the repository, manifest or blob does not exist
  | "too-large"
  | "malformed" // not JSON, or not the shape its media type promises
  | "media-type" // a media type the client does not know
  | "digest-mismatch"
  | "no-platform"
  | "registry"; // any other refusal or unexpected answer

export class RegistryError extends Error {
  constructor(
    readonly kind: RegistryErrorKind,
    message: string,
    /** The registry's error code (e.g. MANIFEST_UNKNOWN), when it gave one. */
    readonly code?: string,
  ) {
    super(message);
    this.name = "RegistryError";
  }
}
