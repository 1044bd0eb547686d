// How Azure Resource Manager answers on the wire: JSON with Content-Type application/json (the SDK
// ignores other bodies) and errors as { error: { code, message, target? } }, which the SDK raises as a
// RestError carrying that code and the HTTP status.
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";

export interface ArmError {
  status: number;
  code: string;
  message: string;
  /** JSON path of the offending request field, when there is one. */
  target?: string;
  headers?: Record<string, string>;
}

export function armError(status: number, code: string, message: string, target?: string): ArmError {
  return { status, code, message, ...(target ? { target } : {}) };
}

export function isArmError(value: unknown): value is ArmError {
  return typeof value === "object" && value !== null && "code" in value && "status" in value && typeof (value as ArmError).status === "number";
}

export function sendJson(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  const payload = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(payload)),
    "x-ms-request-id": randomUUID(),
    ...headers,
  });
  res.end(payload);
}

export function sendError(res: ServerResponse, error: ArmError): void {
  const { status, code, message, target, headers } = error;
  sendJson(res, status, { error: { code, message, ...(target ? { target } : {}) } }, headers);
}
