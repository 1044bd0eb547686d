// Requests to one registry with authentication handled: a request answered 401 is retried once with what the
// challenge asks for (basic credentials, or a token for the scope), and a token is kept per scope for the next ones.
import { basic, type Credentials, fetchToken, parseChallenge } from "./auth";
import { RegistryError } from "./errors";
import { DEFAULT_TIMEOUT_MS, refusal, send } from "./http";

export interface SessionOptions {
  credentials?: Credentials;
  /** "https" (default) or "http" for a registry on loopback without TLS. */
  scheme?: "http" | "https";
  /** Per request, in milliseconds. Default 15 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface RegistryRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer;
  /** What the request needs, e.g. "repository:team/app:pull" (sent to the token endpoint if the challenge names none). */
  scope?: string;
}

export class RegistrySession {
  readonly base: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly authorizations = new Map<string, string>();

  constructor(
    readonly registry: string,
    private readonly options: SessionOptions = {},
  ) {
    this.base = `${options.scheme ?? "https"}://${registry}`;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** The answer (any status but a 401 that credentials could not get past). `path` starts with /v2/ or is a full URL. */
  async request(path: string, request: RegistryRequest = {}): Promise<Response> {
    const url = path.startsWith("http") ? path : `${this.base}${path}`;
    const key = request.scope ?? "";
    const attempt = (authorization: string | undefined) => {
      const headers = { ...request.headers, ...(authorization && { Authorization: authorization }) };
      return send(url, { method: request.method ?? "GET", headers, body: request.body && new Uint8Array(request.body) }, this.timeoutMs, this.fetchImpl);
    };
    const first = await attempt(this.authorizations.get(key));
    if (first.status !== 401) return first;
    const challenge = parseChallenge(first.headers.get("www-authenticate") ?? "");
    const what = `${request.method ?? "GET"} ${new URL(url).pathname}`;
    await first.body?.cancel();
    const authorization = await this.answer(challenge, request.scope, what);
    this.authorizations.set(key, authorization);
    const second = await attempt(authorization);
    if (second.status === 401) throw await refusal(second, `${what} as ${this.who()}`);
    return second;
  }

  private who(): string {
    return this.options.credentials ? `user "${this.options.credentials.username}"` : "an anonymous client";
  }

  private async answer(challenge: ReturnType<typeof parseChallenge>, scope: string | undefined, what: string): Promise<string> {
    if (challenge.scheme === "basic") {
      if (!this.options.credentials) throw new RegistryError("unauthorized", `${what}: the registry ${this.registry} asks for basic credentials and none are configured`);
      return basic(this.options.credentials);
    }
    if (challenge.scheme === "bearer") return `Bearer ${await fetchToken(challenge, scope, this.options.credentials, this.timeoutMs, this.fetchImpl)}`;
    throw new RegistryError("unauthorized", `${what}: the registry ${this.registry} answered 401 with no challenge Bulkhead can follow ("${challenge.scheme || "none"}")`);
  }
}
