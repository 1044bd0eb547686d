// A local stand-in for AWS STS (the Query protocol over `POST /`, form-encoded, answers in XML), for the
// sandbox and tests: AssumeRole and GetCallerIdentity, signed with Signature Version 4, which it verifies with
// the secret keys it was given, as STS does. Temporary credentials last `tokenLifetimeSeconds` (short on
// purpose, whatever DurationSeconds asks), and their key ids are put into `liveKeyIds` while they are valid:
// the ECS emulator takes that list as the keys it knows (its `accessKeyIds`), so an expired session is
// refused there as at AWS. Written from the STS API reference (AssumeRole, Common Errors), not from the SDK.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface StsRole {
  roleArn: string;
  /** The external id the role's trust policy requires (sts:ExternalId), if any. */
  externalId?: string;
  /** Access key ids the trust policy lets assume the role; unset: any known key. */
  trustedKeyIds?: string[];
}

export interface StsEmulatorOptions {
  port?: number;
  /** How long each role session lasts. */
  tokenLifetimeSeconds: number;
  /** Long-term access keys STS knows: id → secret. */
  accessKeys: Record<string, string>;
  roles: StsRole[];
  /** Filled with the key ids of live sessions and emptied of expired ones (share it with the ECS emulator). */
  liveKeyIds: string[];
  /** The account in the ARNs of callers. */
  accountId?: string;
}

export interface RunningSts {
  url: string;
  /** AssumeRole calls answered with credentials, per role ARN. */
  sessionsIssued(): Record<string, number>;
  stop(): Promise<void>;
}

const XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/";
const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;
/** SigV4 requests older or newer than this are refused (AWS: "Signature expired"). */
const MAX_SKEW_MS = 15 * 60_000;

class StsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const xml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data).digest();
const randomId = (length: number, alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") => Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join("");

/** RFC 3986 encoding as SigV4's canonical query string wants it. */
const uriEncode = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function canonicalRequest(request: IncomingMessage, url: URL, signedHeaders: string[], body: Buffer): string {
  const query = [...url.searchParams.entries()]
    .map(([key, value]) => [uriEncode(key), uriEncode(value)])
    .sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a < b ? -1 : 1))
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
  const headers = signedHeaders.map((name) => {
    const value = request.headers[name];
    return `${name}:${(Array.isArray(value) ? value.join(",") : (value ?? "")).trim().replace(/\s+/g, " ")}\n`;
  });
  return [request.method, url.pathname || "/", query, headers.join(""), signedHeaders.join(";"), sha256(body)].join("\n");
}

/** Checks the request's SigV4 signature with the caller's secret; returns the caller's access key id. */
function authenticate(request: IncomingMessage, url: URL, body: Buffer, accessKeys: Record<string, string>): string {
  const match = AUTHORIZATION.exec(String(request.headers.authorization ?? ""));
  if (!match) throw new StsError(400, "MissingAuthenticationToken", "Request is missing Authentication Token");
  const [, keyId, date, region, service, signed, signature] = match;
  if (service !== "sts") throw new StsError(400, "IncompleteSignature", `Credential should be scoped to correct service: 'sts'.`);
  const secret = Object.hasOwn(accessKeys, keyId) ? accessKeys[keyId] : undefined;
  if (!secret) throw new StsError(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
  const amzDate = String(request.headers["x-amz-date"] ?? "");
  const at = Date.parse(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"));
  if (!Number.isFinite(at) || !amzDate.startsWith(date)) throw new StsError(400, "IncompleteSignature", "Date must be in ISO-8601 'basic format'.");
  if (Math.abs(Date.now() - at) > MAX_SKEW_MS) throw new StsError(403, "SignatureDoesNotMatch", "Signature expired: the request time is more than 15 minutes from the current time.");
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonicalRequest(request, url, signed.split(";"), body))].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), "aws4_request");
  const expected = hmac(key, stringToSign);
  if (!timingSafeEqual(expected, Buffer.from(signature, "hex"))) {
    throw new StsError(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.");
  }
  return keyId;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > 64 * 1024) reject(new StsError(413, "RequestEntityTooLarge", "Request body too large"));
      else chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function send(response: ServerResponse, status: number, body: string) {
  response.writeHead(status, { "Content-Type": "text/xml", "Content-Length": Buffer.byteLength(body), "x-amzn-RequestId": randomId(8).toLowerCase() }).end(body);
}

export async function startStsEmulator(options: StsEmulatorOptions): Promise<RunningSts> {
  const account = options.accountId ?? "000000000000";
  const issued: Record<string, number> = {};
  const timers = new Set<NodeJS.Timeout>();
  /** Role sessions' own keys, so a session may call GetCallerIdentity (role chaining is not emulated). */
  const sessionKeys: Record<string, string> = {};

  function assumeRole(callerKeyId: string, params: URLSearchParams): string {
    const roleArn = params.get("RoleArn") ?? "";
    const sessionName = params.get("RoleSessionName") ?? "";
    if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) throw new StsError(400, "ValidationError", "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint");
    const role = options.roles.find((candidate) => candidate.roleArn === roleArn);
    const trusted = role && (!role.trustedKeyIds || role.trustedKeyIds.includes(callerKeyId)) && (role.externalId === undefined || params.get("ExternalId") === role.externalId);
    if (!role || !trusted) throw new StsError(403, "AccessDenied", `User: arn:aws:iam::${account}:user/${callerKeyId} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
    const keyId = `ASIA${randomId(16)}`;
    const secret = randomBytes(30).toString("base64");
    const expiration = new Date(Date.now() + options.tokenLifetimeSeconds * 1000);
    options.liveKeyIds.push(keyId);
    sessionKeys[keyId] = secret;
    const timer = setTimeout(() => {
      timers.delete(timer);
      const index = options.liveKeyIds.indexOf(keyId);
      if (index >= 0) options.liveKeyIds.splice(index, 1);
      delete sessionKeys[keyId];
    }, options.tokenLifetimeSeconds * 1000);
    timer.unref();
    timers.add(timer);
    issued[roleArn] = (issued[roleArn] ?? 0) + 1;
    const roleName = roleArn.split("/").pop();
    return `<AssumeRoleResponse xmlns="${XMLNS}"><AssumeRoleResult>
<Credentials><AccessKeyId>${keyId}</AccessKeyId><SecretAccessKey>${xml(secret)}</SecretAccessKey><SessionToken>${randomBytes(96).toString("base64")}</SessionToken><Expiration>${expiration.toISOString()}</Expiration></Credentials>
<AssumedRoleUser><Arn>arn:aws:sts::${account}:assumed-role/${xml(roleName ?? "")}/${xml(sessionName)}</Arn><AssumedRoleId>AROA${randomId(16)}:${xml(sessionName)}</AssumedRoleId></AssumedRoleUser>
</AssumeRoleResult><ResponseMetadata><RequestId>${randomId(8).toLowerCase()}</RequestId></ResponseMetadata></AssumeRoleResponse>`;
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const body = await readBody(request);
    const params = request.method === "POST" ? new URLSearchParams(body.toString("utf8")) : url.searchParams;
    const callerKeyId = authenticate(request, url, body, { ...options.accessKeys, ...sessionKeys });
    const action = params.get("Action");
    if (action === "AssumeRole") return send(response, 200, assumeRole(callerKeyId, params));
    if (action === "GetCallerIdentity") {
      return send(
        response,
        200,
        `<GetCallerIdentityResponse xmlns="${XMLNS}"><GetCallerIdentityResult><Arn>arn:aws:iam::${account}:user/${callerKeyId}</Arn><UserId>${callerKeyId}</UserId><Account>${account}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`,
      );
    }
    throw new StsError(400, "InvalidAction", `Could not find operation ${action ?? "(none)"} for version 2011-06-15`);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const failure = error instanceof StsError ? error : new StsError(500, "InternalFailure", "The request processing has failed because of an unknown error.");
      const type = failure.status >= 500 ? "Receiver" : "Sender";
      send(response, failure.status, `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${type}</Type><Code>${failure.code}</Code><Message>${xml(failure.message)}</Message></Error><RequestId>${randomId(8).toLowerCase()}</RequestId></ErrorResponse>`);
    });
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sessionsIssued: () => ({ ...issued }),
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
