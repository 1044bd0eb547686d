// Cloud Run's front door, for the sandbox and tests: gRPC over TLS (HTTP/2), and Google's REST APIs over HTTPS/1.1, in
// front of the Cloud Run emulator,
// which lets a call through only with a bearer token the Google token stand-in issued for the cloud-platform
// scope and that has not expired, as Google's APIs do (UNAUTHENTICATED otherwise). A token travels only over
// TLS (grpc-js sends no call credentials on a plaintext channel), which is why the emulator alone, plaintext,
// cannot check one; each call is passed on to it unchanged, stream for stream.
import { request as httpRequest } from "node:http";
import { connect, constants, createSecureServer, type ClientHttp2Session, type Http2ServerRequest, type Http2ServerResponse, type IncomingHttpHeaders, type OutgoingHttpHeaders, type ServerHttp2Stream } from "node:http2";
import type { AddressInfo } from "node:net";
import type { TokenLedger } from "../token-ledger";
import { CLOUD_PLATFORM_SCOPE } from "./credentials";

export interface GrpcGateOptions {
  port?: number;
  tls: { key: string; cert: string };
  /** The plaintext (h2c) emulator behind the gate. */
  upstream: string;
  ledger: TokenLedger;
}

export interface RunningGrpcGate {
  url: string;
  refusals(): Record<string, number>;
  stop(): Promise<void>;
}

const UNAUTHENTICATED = 16;
const UNAVAILABLE = 14;
/** Headers HTTP/2 forbids to relay (connection-specific) or that the client session sets itself. */
const NOT_RELAYED = new Set([":scheme", ":authority", "connection", "keep-alive", "transfer-encoding", "upgrade", "host"]);

const relayed = (headers: IncomingHttpHeaders): OutgoingHttpHeaders => Object.fromEntries(Object.entries(headers).filter(([name]) => !NOT_RELAYED.has(name)));

/** grpc-message is percent-encoded only where it must be: '%' and bytes outside printable ASCII (gRPC over HTTP/2). */
const grpcMessage = (text: string) => Array.from(Buffer.from(text, "utf8"), (byte) => (byte < 0x20 || byte > 0x7e || byte === 0x25 ? `%${byte.toString(16).toUpperCase().padStart(2, "0")}` : String.fromCharCode(byte))).join("");

/** A gRPC answer with no body: status and message in the headers (a "trailers-only" response). */
function grpcStatusOnly(stream: ServerHttp2Stream, code: number, message: string) {
  if (stream.destroyed || stream.headersSent) return;
  stream.respond({ ":status": 200, "content-type": "application/grpc", "grpc-status": String(code), "grpc-message": grpcMessage(message) }, { endStream: true });
}

export async function startGrpcGate(options: GrpcGateOptions): Promise<RunningGrpcGate> {
  const refusals: Record<string, number> = {};
  let upstream: ClientHttp2Session | undefined;
  const session = () => {
    if (!upstream || upstream.closed || upstream.destroyed) {
      upstream = connect(options.upstream);
      upstream.on("error", () => undefined);
    }
    return upstream;
  };

  function forward(stream: ServerHttp2Stream, headers: IncomingHttpHeaders) {
    const call = session().request(relayed(headers));
    let trailers: OutgoingHttpHeaders = {};
    call.on("response", (answer) => {
      // A status in the response headers means the emulator answered without a body: pass it on as such.
      if (answer["grpc-status"] !== undefined) return stream.respond(relayed(answer), { endStream: true });
      stream.respond(relayed(answer), { waitForTrailers: true });
      // The 'request' listener below (for HTTP/1.1) makes Node's compatibility layer wrap every HTTP/2 stream too, and
      // its response object sends (empty) trailers of its own: only the upstream's trailers may be sent, once.
      stream.removeAllListeners("wantTrailers");
      stream.once("wantTrailers", () => stream.sendTrailers(Object.keys(trailers).length ? trailers : { "grpc-status": "0" }));
      call.pipe(stream);
    });
    call.on("trailers", (sent) => (trailers = relayed(sent)));
    call.on("error", () => grpcStatusOnly(stream, UNAVAILABLE, "The service is unavailable."));
    stream.on("close", () => call.close(constants.NGHTTP2_CANCEL));
    stream.pipe(call);
  }

  const server = createSecureServer({ ...options.tls, allowHTTP1: true });
  // Google's REST APIs beside Run's gRPC (IAM, Compute) come as HTTP/1.1 with the same token: checked the same way and
  // passed to the emulator's own HTTP listener on the same port. HTTP/2 streams are the gRPC calls below.
  server.on("request", (request: Http2ServerRequest, response: Http2ServerResponse) => {
    if (request.httpVersionMajor !== 1) return;
    const token = /^Bearer (\S+)$/.exec(String(request.headers.authorization ?? ""))?.[1];
    const check = token ? options.ledger.check(token, CLOUD_PLATFORM_SCOPE) : { valid: false as const, reason: "missing" };
    if (!check.valid) {
      refusals[check.reason] = (refusals[check.reason] ?? 0) + 1;
      const message = check.reason === "expired" ? "Request had invalid authentication credentials. The access token has expired." : "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.";
      response.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: 401, message, status: "UNAUTHENTICATED" } }));
      return;
    }
    const upstreamUrl = new URL(options.upstream);
    const relay = httpRequest({ host: upstreamUrl.hostname, port: upstreamUrl.port, method: request.method, path: request.url, headers: relayed(request.headers) }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    relay.on("error", () => response.writeHead(503, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: 503, message: "The service is unavailable.", status: "UNAVAILABLE" } })));
    request.pipe(relay);
  });
  // Clients keep their sessions open; stop() ends them so the server can close.
  const sessions = new Set<{ destroy(): void }>();
  server.on("session", (opened) => {
    sessions.add(opened);
    opened.on("close", () => sessions.delete(opened));
  });
  server.on("stream", (stream, headers) => {
    stream.on("error", () => undefined);
    const token = /^Bearer (\S+)$/.exec(String(headers.authorization ?? ""))?.[1];
    const check = token ? options.ledger.check(token, CLOUD_PLATFORM_SCOPE) : { valid: false as const, reason: "missing" };
    if (check.valid) return forward(stream, headers);
    refusals[check.reason] = (refusals[check.reason] ?? 0) + 1;
    grpcStatusOnly(
      stream,
      UNAUTHENTICATED,
      check.reason === "expired"
        ? "Request had invalid authentication credentials. The access token has expired."
        : "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
    );
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(options.port ?? 0, "127.0.0.1", resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    refusals: () => ({ ...refusals }),
    async stop() {
      upstream?.destroy();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const opened of sessions) opened.destroy();
      await closed;
    },
  };
}
