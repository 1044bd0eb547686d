// A local stand-in for Microsoft Entra ID's token endpoint (OAuth 2.0 client credentials, v2.0), served over
// HTTPS as Entra is, for the sandbox and tests: the OpenID configuration MSAL reads first, and tokens for a
// service principal that proves itself with its client secret or with an assertion signed by its
// certificate's key (RFC 7523, the certificate named by its x5t thumbprint). Tokens are opaque, last
// `ledger.lifetimeSeconds` and are recorded in the ledger, which the Resource Manager gateway checks
// (./arm-gate.ts). Refusals carry Entra's own AADSTS codes (Microsoft identity platform error codes).
import { createHash, createPublicKey, verify, X509Certificate } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { TokenLedger } from "../token-ledger";

export interface EntraApplication {
  tenantId: string;
  clientId: string;
  clientSecret?: string;
  /** PEM of the certificate whose key may sign client assertions. */
  certificate?: string;
}

export interface EntraEmulatorOptions {
  port?: number;
  /** The TLS key and certificate to serve with (the client trusts the certificate). */
  tls: { key: string; cert: string };
  applications: EntraApplication[];
  ledger: TokenLedger;
}

export interface RunningEntra {
  /** The authority host to give @azure/identity. */
  url: string;
  stop(): Promise<void>;
}

const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

class EntraError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly code: number,
    description: string,
  ) {
    super(`AADSTS${code}: ${description}`);
  }
}

function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      body += chunk;
      if (body.length > 64 * 1024) reject(new EntraError(400, "invalid_request", 900144, "The request body is too large."));
    });
    request.on("end", () => resolve(new URLSearchParams(body)));
    request.on("error", reject);
  });
}

const base64url = (data: Buffer) => data.toString("base64url");
const decode = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;

/** Verifies a client assertion: signed by the application's certificate key, for this endpoint, not expired. */
function checkAssertion(assertion: string, application: EntraApplication, tokenEndpoint: string): void {
  const invalid = (code: number, text: string) => new EntraError(401, "invalid_client", code, text);
  if (!application.certificate) throw invalid(700027, "Client assertion contains an invalid signature. The application has no certificate.");
  const [head, body, signature] = assertion.split(".");
  if (!head || !body || !signature) throw invalid(50027, "JWT token is invalid or malformed.");
  const header = decode(head);
  const claims = decode(body);
  const certificate = new X509Certificate(application.certificate);
  const thumbprints = [base64url(createHash("sha1").update(certificate.raw).digest()), base64url(createHash("sha256").update(certificate.raw).digest())];
  if (![header.x5t, header["x5t#S256"]].some((given) => typeof given === "string" && thumbprints.includes(given))) {
    throw invalid(700027, "The certificate with identifier used to sign the client assertion is not registered on application.");
  }
  const key = createPublicKey(application.certificate);
  const signed = Buffer.from(`${head}.${body}`);
  const raw = Buffer.from(signature, "base64url");
  const ok =
    header.alg === "PS256"
      ? verify("sha256", signed, { key, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: 32 }, raw)
      : header.alg === "RS256" && verify("sha256", signed, key, raw);
  if (!ok) throw invalid(700027, "Client assertion contains an invalid signature.");
  if (claims.aud !== tokenEndpoint) throw invalid(700021, `Client assertion audience claim does not match Realm issuer. Review the documentation at https://aka.ms/certCredentials.`);
  if (claims.iss !== application.clientId || claims.sub !== application.clientId) throw invalid(700023, "Client assertion issuer and subject must be the application's client id.");
  if (typeof claims.exp !== "number" || claims.exp * 1000 < Date.now()) throw invalid(700024, "Client assertion is not within its valid time range.");
}

export async function startEntraEmulator(options: EntraEmulatorOptions): Promise<RunningEntra> {
  let baseUrl = "";
  const tokenEndpoint = (tenant: string) => `${baseUrl}/${tenant}/oauth2/v2.0/token`;

  function openIdConfiguration(tenant: string) {
    return {
      issuer: `${baseUrl}/${tenant}/v2.0`,
      authorization_endpoint: `${baseUrl}/${tenant}/oauth2/v2.0/authorize`,
      token_endpoint: tokenEndpoint(tenant),
      end_session_endpoint: `${baseUrl}/${tenant}/oauth2/v2.0/logout`,
      jwks_uri: `${baseUrl}/${tenant}/discovery/v2.0/keys`,
      response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
      token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
      tenant_region_scope: "EU",
    };
  }

  async function token(tenant: string, form: URLSearchParams) {
    if (form.get("grant_type") !== "client_credentials") throw new EntraError(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
    const clientId = form.get("client_id") ?? "";
    const application = options.applications.find((app) => app.clientId === clientId && app.tenantId === tenant);
    if (!application) {
      throw new EntraError(400, "unauthorized_client", 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant}'.`);
    }
    const secret = form.get("client_secret");
    const assertion = form.get("client_assertion");
    if (assertion !== null) {
      if (form.get("client_assertion_type") !== ASSERTION_TYPE) throw new EntraError(400, "invalid_request", 90002, "client_assertion_type is missing or not supported.");
      checkAssertion(assertion, application, tokenEndpoint(tenant));
    } else if (secret === null || !application.clientSecret || secret !== application.clientSecret) {
      throw new EntraError(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.");
    }
    const scope = form.get("scope") ?? "";
    const resource = scope.split(" ").find((s) => s.endsWith("/.default"))?.slice(0, -"/.default".length);
    if (!resource) throw new EntraError(400, "invalid_scope", 1002012, "The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.");
    const issued = options.ledger.issue([resource], `${tenant}/${clientId}`);
    return { token_type: "Bearer", expires_in: options.ledger.lifetimeSeconds, ext_expires_in: options.ledger.lifetimeSeconds, access_token: issued.token };
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", baseUrl);
    const send = (status: number, body: object) => response.writeHead(status, { "Content-Type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
    const config = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url.pathname);
    if (request.method === "GET" && config) return send(200, openIdConfiguration(decodeURIComponent(config[1])));
    const tokenPath = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (request.method === "POST" && tokenPath) {
      try {
        return send(200, await token(decodeURIComponent(tokenPath[1]), await readForm(request)));
      } catch (error) {
        if (!(error instanceof EntraError)) throw error;
        return send(error.status, { error: error.error, error_description: error.message, error_codes: [error.code], timestamp: new Date().toISOString() });
      }
    }
    send(404, { error: "not_found", error_description: `No such endpoint: ${request.method} ${url.pathname}` });
  }

  const server = createServer(options.tls, (request, response) => {
    handle(request, response).catch(() => response.writeHead(500).end());
  });
  server.on("clientError", (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(options.port ?? 0, "127.0.0.1", resolve));
  baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
