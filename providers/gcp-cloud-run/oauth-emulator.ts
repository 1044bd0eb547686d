// A local stand-in for Google's OAuth 2.0 token endpoint (https://oauth2.googleapis.com/token) as service
// accounts use it: a JWT assertion signed with the account's private key (RS256, RFC 7523) is exchanged for an
// access token, for the sandbox and tests. It checks what Google documents for service accounts: the
// signature against the account's public key, the audience (Google's token URI, whatever address this one
// has), a lifetime of at most an hour, a scope. Tokens are opaque, last `ledger.lifetimeSeconds` and are
// recorded in the ledger, which the Cloud Run gateway checks (./grpc-gate.ts).
import { createPublicKey, generateKeyPairSync, randomBytes, randomUUID, verify } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { TokenLedger } from "../token-ledger";
import { GOOGLE_TOKEN_URI } from "./credentials";

export interface ServiceAccount {
  clientEmail: string;
  keyId: string;
  /** PEM (SPKI) of the account's public key. */
  publicKey: string;
}

export interface GoogleOAuthEmulatorOptions {
  port?: number;
  accounts: ServiceAccount[];
  ledger: TokenLedger;
}

export interface RunningGoogleOAuth {
  /** The token URI to write into key files. */
  tokenUri: string;
  stop(): Promise<void>;
}

const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

class GrantError extends Error {
  constructor(
    readonly error: string,
    description: string,
  ) {
    super(description);
  }
}

function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      body += chunk;
      if (body.length > 64 * 1024) reject(new GrantError("invalid_request", "Request too large."));
    });
    request.on("end", () => resolve(new URLSearchParams(body)));
    request.on("error", reject);
  });
}

const decode = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;

/** The account the assertion is from and the scope it asks for, once its signature and claims check out. */
function checkAssertion(assertion: string, accounts: ServiceAccount[]): { account: ServiceAccount; scope: string } {
  const [head, body, signature] = assertion.split(".");
  if (!head || !body || !signature) throw new GrantError("invalid_grant", "Invalid JWT: malformed.");
  const header = decode(head);
  const claims = decode(body);
  const account = accounts.find((candidate) => candidate.clientEmail === claims.iss);
  if (!account) throw new GrantError("invalid_grant", "Invalid grant: account not found");
  if (header.alg !== "RS256" || !verify("sha256", Buffer.from(`${head}.${body}`), createPublicKey(account.publicKey), Buffer.from(signature, "base64url"))) {
    throw new GrantError("invalid_grant", "Invalid JWT Signature.");
  }
  const now = Math.floor(Date.now() / 1000);
  if (claims.aud !== GOOGLE_TOKEN_URI) throw new GrantError("invalid_grant", `Invalid JWT: audience must be ${GOOGLE_TOKEN_URI}.`);
  if (typeof claims.iat !== "number" || typeof claims.exp !== "number" || claims.exp - claims.iat > 3600 || claims.exp < now || claims.iat > now + 300) {
    throw new GrantError("invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.");
  }
  if (typeof claims.scope !== "string" || !claims.scope) throw new GrantError("invalid_scope", "Invalid OAuth scope or ID token audience provided.");
  return { account, scope: claims.scope };
}

export async function startGoogleOAuthEmulator(options: GoogleOAuthEmulatorOptions): Promise<RunningGoogleOAuth> {
  const server = createServer((request, response) => {
    const send = (status: number, body: object) => response.writeHead(status, { "Content-Type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
    if (request.method !== "POST" || new URL(request.url ?? "/", "http://127.0.0.1").pathname !== "/token") return send(404, { error: "not_found" });
    readForm(request)
      .then((form) => {
        if (form.get("grant_type") !== JWT_BEARER) throw new GrantError("unsupported_grant_type", `Invalid grant_type: ${form.get("grant_type") ?? ""}`);
        const { account, scope } = checkAssertion(form.get("assertion") ?? "", options.accounts);
        // The token is good for each scope the assertion names.
        const issued = options.ledger.issue(scope.split(" "), account.clientEmail, "ya29.sandbox.");
        send(200, { access_token: issued.token, expires_in: options.ledger.lifetimeSeconds, token_type: "Bearer" });
      })
      .catch((error: unknown) => {
        if (error instanceof GrantError) return send(400, { error: error.error, error_description: error.message });
        send(500, { error: "internal_failure" });
      });
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    tokenUri: `http://127.0.0.1:${port}/token`,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** A new service account: what the emulator knows of it, and the key file Google would hand out for it. */
export function makeServiceAccount(projectId: string, name: string, tokenUri: string): { account: ServiceAccount; keyFile: string } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const clientEmail = `${name}@${projectId}.iam.gserviceaccount.com`;
  const keyId = randomBytes(20).toString("hex");
  const keyFile = JSON.stringify({
    type: "service_account",
    project_id: projectId,
    private_key_id: keyId,
    private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    client_email: clientEmail,
    client_id: String(BigInt(`0x${randomUUID().replace(/-/g, "").slice(0, 15)}`)),
    auth_uri: "https://accounts.google.com/o/oauth2/auth",
    token_uri: tokenUri,
    universe_domain: "googleapis.com",
  });
  return { account: { clientEmail, keyId, publicKey: publicKey.export({ type: "spki", format: "pem" }).toString() }, keyFile };
}
