// An answer before it is written: handlers return one, the server writes it (with no body for HEAD).
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body?: Buffer;
}

export function json(status: number, value: object, contentType = "application/json", headers: Record<string, string> = {}): Reply {
  const body = Buffer.from(JSON.stringify(value));
  return { status, headers: { "Content-Type": contentType, "Content-Length": String(body.length), ...headers }, body };
}

export function empty(status: number, headers: Record<string, string> = {}): Reply {
  return { status, headers: { "Content-Length": "0", ...headers } };
}
