// One HTTP exchange with a registry: a timeout on every request, bodies read only up to a limit (a registry that
// sends more is cut off there, never buffered whole), and a registry's error body read as the spec words it.
import { RegistryError } from "./errors";

export const DEFAULT_TIMEOUT_MS = 15_000;

export async function send(url: string, init: RequestInit, timeoutMs: number, fetchImpl: typeof fetch): Promise<Response> {
  try {
    return await fetchImpl(url, { ...init, redirect: "follow", signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const cause = error as Error & { cause?: { code?: string; message?: string } };
    if (cause.name === "TimeoutError") throw new RegistryError("timeout", `${init.method ?? "GET"} ${url} had no answer within ${timeoutMs} ms`);
    throw new RegistryError("unreachable", `${init.method ?? "GET"} ${url} failed: ${cause.cause?.code ?? cause.cause?.message ?? cause.message}`);
  }
}

/** The body, or a "too-large" refusal as soon as it passes `maxBytes` (by Content-Length before reading, else while reading). */
export async function readLimited(response: Response, maxBytes: number, what: string): Promise<Buffer> {
  const tooLarge = () => new RegistryError("too-large", `${what} is over ${maxBytes} bytes: refused unread`);
  const declared = Number(response.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read().catch((error: Error) => {
      throw new RegistryError(error.name === "TimeoutError" ? "timeout" : "unreachable", `${what}: the answer broke off (${error.message})`);
    });
    if (done) break;
    size += value.length;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The registry's refusal as an error: its code and message quoted (distribution-spec, "Error Codes"), else the status. */
export async function refusal(response: Response, what: string): Promise<RegistryError> {
  const text = (await readLimited(response, 64 * 1024, `${what}: the error answer`).catch(() => Buffer.alloc(0))).toString("utf8");
  let first: { code?: unknown; message?: unknown } | undefined;
  try {
    first = (JSON.parse(text) as { errors?: { code?: unknown; message?: unknown }[] }).errors?.[0];
  } catch {
    first = undefined;
  }
  const code = typeof first?.code === "string" ? first.code : undefined;
  const words = code ? `${code}: ${typeof first?.message === "string" ? first.message : ""}` : `HTTP ${response.status}${text ? ` ${text.slice(0, 200).trim()}` : ""}`;
  const kind = response.status === 401 ? "unauthorized" : response.status === 403 ? "denied" : response.status === 404 ? "not-found" : response.status === 413 ? "too-large" : "registry";
  return new RegistryError(kind, `${what}: the registry answered ${response.status} (${words})`, code);
}
