// Answering a registry's challenge (RFC 7235 `WWW-Authenticate`): Basic sends the credentials; Bearer follows the
// Docker token flow (https://distribution.github.io/distribution/spec/auth/token/): GET the realm with the service
// and scope, with the credentials as basic auth, and use the token it gives.
import { RegistryError } from "./errors";
import { readLimited, refusal, send } from "./http";

export interface Credentials {
  username: string;
  password: string;
}

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** `Bearer realm="…",service="…",scope="…"` → its scheme and parameters (quoted or bare values). */
export function parseChallenge(header: string): Challenge {
  const space = header.indexOf(" ");
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const params: Record<string, string> = {};
  for (const [, key, quoted, bare] of header.slice(space + 1).matchAll(/([a-zA-Z_]+)=(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) params[key.toLowerCase()] = quoted ?? bare;
  return { scheme, params };
}

export const basic = (credentials: Credentials) => `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;

export async function fetchToken(challenge: Challenge, scope: string | undefined, credentials: Credentials | undefined, timeoutMs: number, fetchImpl: typeof fetch): Promise<string> {
  const realm = challenge.params.realm;
  if (!realm) throw new RegistryError("unauthorized", "the registry asked for a Bearer token but named no realm to get it from");
  const url = new URL(realm);
  if (challenge.params.service) url.searchParams.set("service", challenge.params.service);
  const wanted = challenge.params.scope ?? scope;
  if (wanted) url.searchParams.set("scope", wanted);
  const response = await send(url.toString(), { headers: credentials ? { Authorization: basic(credentials) } : {} }, timeoutMs, fetchImpl);
  if (!response.ok) {
    const error = await refusal(response, `token from ${url.origin}${url.pathname}${credentials ? ` for user "${credentials.username}"` : " without credentials"}`);
    throw new RegistryError("unauthorized", error.message, error.code);
  }
  const body = (await readLimited(response, 64 * 1024, "the token answer")).toString("utf8");
  let token: unknown;
  try {
    const parsed = JSON.parse(body) as { token?: unknown; access_token?: unknown };
    token = parsed.token ?? parsed.access_token;
  } catch {
    token = undefined;
  }
  if (typeof token !== "string" || token.length === 0) throw new RegistryError("unauthorized", `the token endpoint ${url.origin}${url.pathname} answered without a token`);
  return token;
}
