// SDK errors become one of these, with a message a developer can act on. `retryable` tells the job
// layer whether trying again can help.

export type ProviderErrorKind = "credentials" | "throttled" | "quota" | "not-found" | "invalid" | "conflict" | "unavailable";

const retryableKinds: ReadonlySet<ProviderErrorKind> = new Set(["throttled", "unavailable"]);

export class ProviderError extends Error {
  readonly retryable: boolean;

  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly field?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ProviderError";
    this.retryable = retryableKinds.has(kind);
  }
}
