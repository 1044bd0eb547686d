// The auth client a Cloud Run client sends its token from. A service account key becomes google-auth-library's
// JWT client, which trades a signed assertion for an access token at the key's `token_uri` and renews it before
// it expires; it is kept per process and key, so that token lives between calls. A static token (the adapters'
// own tests) is passed on as is.
import { createHash } from "node:crypto";
import { type AuthClient, JWT, OAuth2Client } from "google-auth-library";
import { ProviderError } from "../errors";
import type { TargetConnection } from "../types";

/** Where google-auth-library always asks for tokens; a key file may name another (a private endpoint, an emulator). */
export const GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token";
export const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";

export interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  private_key_id?: string;
  token_uri: string;
}

/** The fields of a key file Bulkhead uses, or a ProviderError naming the first one missing. */
export function parseServiceAccountKey(text: string): ServiceAccountKey {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new ProviderError("credentials", "The service account key is not JSON: paste the key file Google Cloud issued", "credentials.serviceAccountKey");
  }
  if (json?.type !== "service_account") throw new ProviderError("credentials", 'The key file is not a service account key ("type" is not "service_account")', "credentials.serviceAccountKey");
  for (const field of ["client_email", "private_key"] as const) {
    if (typeof json[field] !== "string" || !json[field]) throw new ProviderError("credentials", `The service account key has no "${field}"`, "credentials.serviceAccountKey");
  }
  return {
    client_email: json.client_email as string,
    private_key: json.private_key as string,
    private_key_id: typeof json.private_key_id === "string" ? json.private_key_id : undefined,
    token_uri: typeof json.token_uri === "string" && json.token_uri ? json.token_uri : GOOGLE_TOKEN_URI,
  };
}

const clients = new Map<string, AuthClient>();

function jwtClient(key: ServiceAccountKey): AuthClient {
  const client = new JWT({ email: key.client_email, key: key.private_key, keyId: key.private_key_id, scopes: [CLOUD_PLATFORM_SCOPE] });
  // Access tokens from the key's token endpoint, not self-signed JWTs, which the Cloud Run client would switch
  // on (it sets this only where it is unset): the issuer then decides the token's lifetime, and a private or
  // regional token endpoint named in the key file is honoured.
  client.useJWTAccessWithScope = false;
  if (key.token_uri !== GOOGLE_TOKEN_URI) {
    // google-auth-library always posts the assertion to Google's public token endpoint; the key file says where
    // this account's tokens come from, so the request goes there (the assertion's audience stays Google's).
    const tokenUri = new URL(key.token_uri);
    client.transporter.interceptors.request.add({
      resolved: async (config) => {
        if (config.url.href === GOOGLE_TOKEN_URI) config.url = tokenUri;
        return config;
      },
    });
  }
  return client;
}

export function googleAuthClient(connection: TargetConnection): AuthClient {
  const { credentials } = connection;
  if (credentials.kind !== "gcp-cloud-run") throw new ProviderError("credentials", `A Cloud Run target needs Google Cloud credentials, not ${credentials.kind} ones`);
  if ("accessToken" in credentials) {
    const client = new OAuth2Client();
    client.setCredentials({ access_token: credentials.accessToken });
    return client;
  }
  const cacheKey = createHash("sha256").update(credentials.serviceAccountKey).digest("hex");
  let client = clients.get(cacheKey);
  if (!client) {
    client = jwtClient(parseServiceAccountKey(credentials.serviceAccountKey));
    clients.set(cacheKey, client);
  }
  return client;
}

/** Strings of the credentials that must never appear in an error message. */
export function credentialSecrets(connection: TargetConnection): string[] {
  const { credentials } = connection;
  if (credentials.kind !== "gcp-cloud-run") return [];
  if ("accessToken" in credentials) return [credentials.accessToken];
  try {
    return [parseServiceAccountKey(credentials.serviceAccountKey).private_key];
  } catch {
    return [];
  }
}
