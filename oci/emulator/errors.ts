// The registry's refusals, worded as the OCI distribution-spec v1.1 says: a JSON body
// `{"errors":[{"code","message","detail"}]}` with the spec's codes and statuses
// (https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#error-codes); statuses besides the pairing
// come from the endpoints table (e.g. end-7: 413 for a manifest too large, end-5: 416 for a chunk out of order).
import type { ServerResponse } from "node:http";

/** The spec's error codes, each with the message the spec gives it and the status the spec pairs it with. */
const CODES = {
  BLOB_UNKNOWN: [404, "blob unknown to registry"],
  BLOB_UPLOAD_INVALID: [400, "blob upload invalid"],
  BLOB_UPLOAD_UNKNOWN: [404, "blob upload unknown to registry"],
  DIGEST_INVALID: [400, "provided digest did not match uploaded content"],
  MANIFEST_BLOB_UNKNOWN: [400, "manifest references a manifest or blob unknown to registry"],
  MANIFEST_INVALID: [400, "manifest invalid"],
  MANIFEST_UNKNOWN: [404, "manifest unknown to registry"],
  NAME_INVALID: [400, "invalid repository name"],
  NAME_UNKNOWN: [404, "repository name not known to registry"],
  SIZE_INVALID: [400, "provided length did not match content length"],
  UNAUTHORIZED: [401, "authentication required"],
  DENIED: [403, "requested access to the resource is denied"],
  UNSUPPORTED: [405, "the operation is unsupported"],
} as const;

export type ErrorCode = keyof typeof CODES;

export class RegistryRefusal extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: unknown = undefined,
    /** Some refusals have a status of their own (413 for a manifest too large, 416 for a chunk out of order). */
    readonly status: number = CODES[code][0],
    readonly headers: Record<string, string> = {},
  ) {
    super(CODES[code][1]);
  }
}

export function sendRefusal(res: ServerResponse, refusal: RegistryRefusal, head: boolean): void {
  const text = JSON.stringify({ errors: [{ code: refusal.code, message: refusal.message, detail: refusal.detail ?? null }] });
  res.writeHead(refusal.status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text), ...refusal.headers });
  res.end(head ? undefined : text);
}
