import { randomBytes } from "node:crypto";
import { compileErrors, validate } from "@readme/openapi-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "@/server/apps/service";
import { db } from "@/server/db/client";
import { stopQueue } from "@/server/jobs/queue";
import { startApiServer, type ApiServer } from "@/testing/api-server";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";
import { signedInUser } from "@/testing/http";
import { baseSettings } from "@/testing/sandbox";
import { createTarget } from "@/server/targets/service";
import { createPersonalToken, createTeamToken, revokeToken } from "@/server/tokens/service";
import { restRoutes } from "./routes";

// /api/v1 over real HTTP (testing/api-server.ts): the OpenAPI document, and errors as RFC 9457 problem
// details naming each field, for every way a request can go wrong; nothing changes when one is refused.

let server: ApiServer;
let team: { id: string }, foreignTeam: { id: string };
let appId: string, otherAppId: string, foreignAppId: string, revokedImageAppId: string, targetId: string;
let developer: Awaited<ReturnType<typeof makeCaller>>;
const tokens = {} as Record<"deploy" | "read" | "limited", string>;

beforeAll(async () => {
  process.env.BULKHEAD_CREDENTIALS_KEY ??= randomBytes(32).toString("base64");
  server = await startApiServer();
  team = await makeTeam("Rest");
  foreignTeam = await makeTeam("Elsewhere");
  developer = await makeCaller("developer", [team.id]);
  const foreigner = await makeCaller("developer", [foreignTeam.id]);
  const image = (await makeBaseImage()).id;
  const doomed = (await makeBaseImage()).id;
  const app = (name: string, who = developer, teamId = team.id, baseImageId = image) => createApp(who, { teamId, name, description: "", classification: "internal", baseImageId });
  appId = (await app("shop")).id;
  otherAppId = (await app("other")).id;
  foreignAppId = (await app("shop", foreigner, foreignTeam.id)).id;
  revokedImageAppId = (await app("stale", developer, team.id, doomed)).id;
  await db().baseImage.update({ where: { id: doomed }, data: { status: "revoked" } });
  targetId = (
    await createTarget(await makeCaller("operator"), {
      name: "rest-target",
      coordinates: { kind: "aws-ecs", region: "eu-west-1", cluster: "rest", subnets: ["subnet-0a1b2c3d"], securityGroups: ["sg-0a1b2c3d"], executionRoleArn: "arn:aws:iam::000000000000:role/run" },
      credentials: { kind: "aws-ecs", accessKeyId: "id", secretAccessKey: "secret" },
      labels: {},
    })
  ).id;
  tokens.deploy = (await createPersonalToken(developer, { name: "deploy", abilities: ["deploy"], expiresInDays: 30 })).secret;
  tokens.read = (await createPersonalToken(developer, { name: "read", abilities: ["read"], expiresInDays: 30 })).secret;
  tokens.limited = (await createTeamToken(developer, { teamId: team.id, name: "ci", abilities: ["deploy"], appIds: [appId], expiresInDays: 30 })).secret;
});
afterAll(async () => {
  await server?.stop();
  await stopQueue();
});

async function call(method: string, path: string, options: { token?: string; body?: unknown; rawBody?: string; contentType?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined) headers["content-type"] = options.contentType ?? "application/json";
  const response = await fetch(`${server.url}/api/v1${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

const deployBody = (overrides: Record<string, unknown> = {}) => ({ appId, targetId, ...baseSettings, ...overrides });
const problemFields = (body: Record<string, unknown> | null) => ((body?.errors as { field: string }[] | undefined) ?? []).map((e) => e.field).sort();
const deploymentCount = () => db().deployment.count();

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1, passes @readme/openapi-parser's validation, and describes every REST route", async () => {
    const { status, body } = await call("GET", "/openapi.json");
    expect(status).toBe(200);
    expect(body!.openapi).toBe("3.1.0");
    const result = await validate(structuredClone(body) as never);
    expect(result.valid, result.valid ? "" : compileErrors(result)).toBe(true);
    const paths = body!.paths as Record<string, Record<string, unknown>>;
    for (const route of restRoutes()) expect(paths[route.path]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
    expect(paths["/audit/export"]?.get).toBeDefined();
    expect((body!.components as { securitySchemes: unknown }).securitySchemes).toEqual({ apiToken: expect.objectContaining({ type: "http", scheme: "bearer" }) });
  });

  it("describes every error as problem details", async () => {
    const { body } = await call("GET", "/openapi.json");
    const deploy = (body!.paths as Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>)["/deployments"].post;
    for (const status of ["400", "401", "403", "404", "409", "415", "500"]) expect(Object.keys(deploy.responses[status].content!)).toEqual(["application/problem+json"]);
  });
});

describe("problem details", () => {
  it("401 without a token, with a Bearer challenge", async () => {
    const answer = await call("GET", "/apps");
    expect(answer.status).toBe(401);
    expect(answer.headers.get("content-type")).toBe("application/problem+json");
    expect(answer.headers.get("www-authenticate")).toBe('Bearer realm="bulkhead"');
    expect(answer.body).toMatchObject({ type: "urn:bulkhead:problem:unauthorized", title: "Unauthorized", status: 401, instance: "/api/v1/apps" });
    expect(answer.body!.requestId).toEqual(expect.any(String));
  });

  it("401 for a revoked token, saying so (RFC 6750 invalid_token)", async () => {
    const made = await createPersonalToken(developer, { name: "gone", abilities: ["read"], expiresInDays: 30 });
    await revokeToken(developer, { id: made.token.id });
    const answer = await call("GET", "/apps", { token: made.secret });
    expect(answer.status).toBe(401);
    expect(answer.body!.detail).toBe(`API token ${made.token.id} was revoked`);
    expect(answer.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("400 naming each invalid field of a body, with JSON Pointers, and nothing deployed", async () => {
    const before = await deploymentCount();
    const answer = await call("POST", "/deployments", { token: tokens.deploy, body: deployBody({ image: "registry.example.com/team/demo:latest", cpu: 0, port: undefined }) });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ type: "urn:bulkhead:problem:invalid-input", title: "Invalid input" });
    expect(problemFields(answer.body)).toEqual(["cpu", "image", "port"]);
    expect(answer.body!.errors).toContainEqual({ field: "image", pointer: "#/image", detail: expect.stringContaining("Pin the image by digest") });
    expect(answer.body!.detail).toMatch(/^Invalid input: .*image: Pin the image by digest/);
    expect(await deploymentCount()).toBe(before);
  });

  it("400 naming a nested field (a plain variable that looks like a secret)", async () => {
    const answer = await call("POST", "/deployments", { token: tokens.deploy, body: deployBody({ env: { DB_PASSWORD: "hunter2" } }) });
    expect(answer.status).toBe(400);
    expect(answer.body!.errors).toEqual([expect.objectContaining({ field: "env.DB_PASSWORD", pointer: "#/env/DB_PASSWORD" })]);
  });

  it("reads query parameters as the schema's types, and names one that is not", async () => {
    expect((await call("GET", "/deployments?limit=5", { token: tokens.read })).status).toBe(200);
    const answer = await call("GET", "/deployments?limit=many", { token: tokens.read });
    expect(answer.status).toBe(400);
    expect(problemFields(answer.body)).toEqual(["limit"]);
    expect(problemFields((await call("GET", "/apps/not-a-uuid", { token: tokens.read })).body)).toEqual(["id"]);
  });

  it("415 for a body that is not JSON, 400 for JSON that is broken or not an object", async () => {
    expect((await call("POST", "/deployments", { token: tokens.deploy, rawBody: "appId=x", contentType: "application/x-www-form-urlencoded" })).status).toBe(415);
    const broken = await call("POST", "/deployments", { token: tokens.deploy, rawBody: "{\"appId\":" });
    expect(broken.status).toBe(400);
    expect(broken.body!.detail).toMatch(/^The body is not valid JSON/);
    expect((await call("POST", "/deployments", { token: tokens.deploy, rawBody: "[1,2]" })).body!.detail).toBe("The body must be a JSON object");
  });

  it("404 for an unknown route, 405 naming the methods a route takes", async () => {
    expect((await call("GET", "/nothing-here", { token: tokens.read })).body).toMatchObject({ status: 404, type: "urn:bulkhead:problem:not-found" });
    const wrong = await call("PUT", "/deployments", { token: tokens.read, body: {} });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET, POST");
  });

  it("403 for a token without the ability, audited as denied with the token's id", async () => {
    const made = await createPersonalToken(developer, { name: "reader", abilities: ["read"], expiresInDays: 30 });
    const answer = await call("POST", "/deployments", { token: made.secret, body: deployBody(), headers: { "x-request-id": "rest-no-ability-1" } });
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ type: "urn:bulkhead:problem:forbidden", detail: expect.stringContaining("needs the deploy ability") });
    const event = await db().auditEvent.findFirstOrThrow({ where: { requestId: "rest-no-ability-1" } });
    expect(event).toMatchObject({ outcome: "denied", action: "deployments.deploy", actorId: developer.actor.userId, actorEmail: `${developer.actor.email} via token ${made.token.id}` });
  });

  it("403 for an app beyond the token's apps, 404 for another team's app", async () => {
    expect((await call("POST", "/deployments", { token: tokens.limited, body: deployBody({ appId: otherAppId }) })).status).toBe(403);
    expect((await call("POST", "/deployments", { token: tokens.limited, body: deployBody({ appId: foreignAppId }) })).body).toMatchObject({ status: 404, detail: "App not found" });
    expect((await call("GET", `/apps/${foreignAppId}`, { token: tokens.read })).status).toBe(404);
  });

  it("403 of type policy-refused, each reason naming its field", async () => {
    const answer = await call("POST", "/deployments", { token: tokens.deploy, body: deployBody({ appId: revokedImageAppId }) });
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ type: "urn:bulkhead:problem:policy-refused", title: "Refused by policy" });
    expect(answer.body!.errors).toEqual([expect.objectContaining({ field: "baseImageId", detail: expect.stringContaining("is revoked") })]);
  });
});

describe("tokens and sessions", () => {
  it("a token deploys without an Origin header; the deployment's audit event names the token", async () => {
    const answer = await call("POST", "/deployments", { token: tokens.limited, body: deployBody(), headers: { "x-request-id": "rest-token-deploy-1" } });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ appId, targetId, status: "queued", desiredRevision: 1 });
    const event = await db().auditEvent.findFirstOrThrow({ where: { requestId: "rest-token-deploy-1", action: "deployment.deploy" } });
    const token = await db().apiToken.findFirstOrThrow({ where: { name: "ci", teamId: team.id } });
    expect(event).toMatchObject({ outcome: "ok", actorId: token.id, actorRole: "developer" });
    expect(event.actorEmail).toContain(`via token ${token.id}`);
  });

  it("a browser session must still come from this app's pages to change anything", async () => {
    const person = await signedInUser("developer", [team.id]);
    const before = await deploymentCount();
    const crossSite = await call("POST", "/deployments", { body: deployBody({ appId: otherAppId }), headers: { cookie: person.cookie, origin: "https://evil.example" } });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body!.detail).toMatch(/^Cross-origin request refused/);
    expect(await deploymentCount()).toBe(before);
    const sameSite = await call("GET", "/apps", { headers: { cookie: person.cookie } });
    expect(sameSite.status).toBe(200);
  });

  it("the tRPC API takes tokens too, without an Origin header, within the token's abilities", async () => {
    const me = await fetch(`${server.url}/api/trpc/identity.me`, { headers: { authorization: `Bearer ${tokens.read}` } });
    expect(me.status).toBe(200);
    expect(JSON.stringify(await me.json())).toContain("via token");
    const deploy = await fetch(`${server.url}/api/trpc/deployments.deploy`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.read}`, "content-type": "application/json" },
      body: JSON.stringify({ json: deployBody({ appId: otherAppId }) }),
    });
    expect(deploy.status).toBe(403);
  });

  it("a request with a token ignores cookies: a bad token is 401 even beside a valid session", async () => {
    const person = await signedInUser("developer", [team.id]);
    const answer = await call("GET", "/apps", { token: "bh_nope", headers: { cookie: person.cookie } });
    expect(answer.status).toBe(401);
    expect(answer.body!.detail).toBe("This is not a Bulkhead API token (they start with bh_)");
  });
});

it("serves bulkhead.yaml's JSON Schema", async () => {
  const response = await fetch(`${server.url}/api/v1/bulkhead.schema.json`);
  expect(response.status).toBe(200);
  const schema = (await response.json()) as { title: string; required: string[] };
  expect(schema).toMatchObject({ title: "bulkhead.yaml", required: ["version", "team", "apps"] });
});
