// Azure Resource Manager's front door, for the sandbox and tests: an HTTPS reverse proxy in front of the container
// instance emulator that lets a request through only with a bearer token the Entra stand-in issued for it (the
// SDK asks for `<endpoint>/.default`, so the gate's own URL is the audience) and that has not expired, as ARM does (401 InvalidAuthenticationToken or
// ExpiredAuthenticationToken, with a WWW-Authenticate challenge). The emulator itself checks no token; this
// keeps it so, and shows that Bulkhead renews its tokens by itself.
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, request as httpsRequest } from "node:https";
import type { AddressInfo } from "node:net";
import type { TokenLedger } from "../token-ledger";

export interface ArmGateOptions {
  port?: number;
  tls: { key: string; cert: string };
  /** The container instance emulator behind the gate, and the certificate it serves. */
  upstream: { url: string; caCertificate: string };
  ledger: TokenLedger;
  /** Where a client would get a token (named in the WWW-Authenticate challenge). */
  authority: string;
}

export interface RunningGate {
  url: string;
  /** Requests refused for their token, by reason. */
  refusals(): Record<string, number>;
  stop(): Promise<void>;
}

/** Headers that belong to one hop (RFC 9110 §7.6.1), not forwarded. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer", "host"]);

export async function startArmGate(options: ArmGateOptions): Promise<RunningGate> {
  const refusals: Record<string, number> = {};
  let baseUrl = "";

  function refuse(response: ServerResponse, reason: string, code: string, message: string) {
    refusals[reason] = (refusals[reason] ?? 0) + 1;
    const body = JSON.stringify({ error: { code, message } });
    response
      .writeHead(401, {
        "Content-Type": "application/json; charset=utf-8",
        "WWW-Authenticate": `Bearer authorization_uri="${options.authority}", error="invalid_token", error_description="${message.replace(/"/g, "'")}"`,
      })
      .end(body);
  }

  function forward(request: IncomingMessage, response: ServerResponse) {
    const upstream = new URL(options.upstream.url);
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !HOP_BY_HOP.has(name)));
    const outgoing = httpsRequest(
      { host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers, ca: options.upstream.caCertificate },
      (answer) => {
        const back: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(answer.headers)) {
          if (value === undefined || HOP_BY_HOP.has(name)) continue;
          // Operation URLs name the emulator: the client must keep polling through the gate.
          back[name] = name === "location" || name === "azure-asyncoperation" ? String(value).replace(upstream.origin, baseUrl) : value;
        }
        response.writeHead(answer.statusCode ?? 502, back);
        answer.pipe(response);
      },
    );
    outgoing.on("error", () => response.destroy());
    request.pipe(outgoing);
  }

  const server = createServer(options.tls, (request, response) => {
    const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? "")?.[1];
    if (!token) return refuse(response, "missing", "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
    const check = options.ledger.check(token, baseUrl);
    if (check.valid) return forward(request, response);
    if (check.reason === "expired") {
      return refuse(response, "expired", "ExpiredAuthenticationToken", `The access token expiry UTC time '${check.expiredAt?.toISOString()}' is earlier than current UTC time '${new Date().toISOString()}'.`);
    }
    refuse(response, check.reason, "InvalidAuthenticationToken", "The access token is invalid.");
  });
  server.on("clientError", (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(options.port ?? 0, "127.0.0.1", resolve));
  baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    refusals: () => ({ ...refusals }),
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
