import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { createDatabase, dropDatabase, withClient, withDatabaseName } from "@/server/db/database-admin";
import { ensureDashboardBuilt, launch, sharedKeys, type Launched } from "@/testing/launcher";
import { remoteSignIn } from "@/testing/remote-api";
import { waitFor } from "@/testing/wait-for";

// The launcher answers /api/trpc and a deployment's followed and downloaded logs itself, before Next.js routing
// (./launcher-routes.ts).
// Through a real launcher: the answer carries the same security headers as an API route Next.js serves, the request id
// and log line, and the same rules: the same-origin check (audited), the session read on every call. (Lines streamed
// through it: the browser journey developer-follows-logs-and-sees-why-a-deploy-failed and P4's followers.)

const port = 3660;
const admin = { email: "root@launcher-routes.test", password: "launcher-routes-admin-password" };
const database = `bulkhead_launcher_routes_${randomBytes(4).toString("hex")}`;
let ownerUrl: string;
let product: Launched;
let cookie: string;

beforeAll(async () => {
  await ensureDashboardBuilt();
  const server = inject("postgresServerUrl");
  await createDatabase(server, database);
  ownerUrl = withDatabaseName(server, database);
  product = await launch({
    port,
    env: {
      ...sharedKeys(),
      DATABASE_URL: ownerUrl,
      BULKHEAD_SANDBOX: "0",
      BULKHEAD_WORKERS: "0",
      BULKHEAD_ADMIN_EMAIL: admin.email,
      BULKHEAD_ADMIN_PASSWORD: admin.password,
      BULKHEAD_DATA_DIR: `/tmp/bulkhead-launcher-routes-${process.pid}`,
    },
  });
  const signedIn = await remoteSignIn(product.url, admin.email, admin.password);
  expect(signedIn.status).toBe(200);
  cookie = signedIn.cookie;
}, 600_000);

afterAll(async () => {
  if (product && product.child.exitCode === null && product.child.signalCode === null) product.signal("SIGKILL");
  await product?.exited;
  if (ownerUrl) await dropDatabase(inject("postgresServerUrl"), database);
});

const query = <T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> =>
  withClient(ownerUrl, async (client) => (await client.query<T>(text, values)).rows);

const security = ["content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy", "permissions-policy", "cross-origin-opener-policy", "cross-origin-resource-policy", "strict-transport-security"];
const origin = () => `http://localhost:${port}`;
const me = (headers: Record<string, string> = {}) => fetch(`${product.url}/api/trpc/identity.me`, { headers: { cookie, ...headers } });

describe("/api/trpc answered by the launcher", () => {
  it("carries every security header Next.js gives an API route it serves, and the request id", async () => {
    const served = await fetch(`${product.url}/api/health`);
    const answered = await me({ "x-request-id": "launcher-headers-1" });
    expect(answered.status).toBe(200);
    expect(((await answered.json()) as { result: { data: { json: { email: string } } } }).result.data.json.email).toBe(admin.email);
    for (const name of security) {
      expect(served.headers.get(name), `${name} from Next.js`).not.toBeNull();
      expect(answered.headers.get(name), name).toBe(served.headers.get(name));
    }
    expect(answered.headers.get("x-request-id")).toBe("launcher-headers-1");
    expect(answered.headers.get("x-powered-by")).toBeNull();
    // The request line is written when the connection's answer closes.
    await waitFor("the request's log line", async () => product.lines().some((line) => line.msg === "request" && line.requestId === "launcher-headers-1"), 5_000, 50);
    expect(product.lines()).toContainEqual(expect.objectContaining({ msg: "request", requestId: "launcher-headers-1", method: "GET", path: "/api/trpc/identity.me", status: 200 }));
    expect(product.lines()).toContainEqual(expect.objectContaining({ msg: "procedure", requestId: "launcher-headers-1", procedure: "identity.me", status: 200 }));
  });

  it("refuses a cross-origin mutation that carries a valid session with 403, changing nothing, and audits it", async () => {
    const response = await fetch(`${product.url}/api/trpc/identity.createTeam`, {
      method: "POST",
      headers: { cookie, origin: "http://evil.example", "content-type": "application/json", "x-request-id": "launcher-forged-1" },
      body: JSON.stringify({ json: { name: "Forged", slug: "forged" } }),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(await query(`SELECT 1 FROM "Team" WHERE slug = 'forged'`)).toHaveLength(0);
    expect(await query(`SELECT action, outcome, "resourceId", reason FROM "AuditEvent" WHERE "requestId" = 'launcher-forged-1'`)).toEqual([
      { action: "http.cross-origin", outcome: "denied", resourceId: "/api/trpc/identity.createTeam", reason: "cross-origin POST from http://evil.example" },
    ]);
  });

  it("takes a mutation with the app's own origin and its body", async () => {
    const response = await fetch(`${product.url}/api/trpc/identity.createTeam`, {
      method: "POST",
      headers: { cookie, origin: origin(), "content-type": "application/json" },
      body: JSON.stringify({ json: { name: "Genuine", slug: "genuine" } }),
    });
    expect(response.status, await response.clone().text()).toBe(200);
    expect(await query(`SELECT name FROM "Team" WHERE slug = 'genuine'`)).toEqual([{ name: "Genuine" }]);
  });

  it("leaves other methods to Next.js", async () => {
    const response = await fetch(`${product.url}/api/trpc/identity.me`, { method: "PUT", headers: { cookie, origin: origin() } });
    expect(response.status).toBe(405);
  });

  it("refuses a call without a session, and a revoked session at its next call", async () => {
    expect((await fetch(`${product.url}/api/trpc/identity.me`)).status).toBe(401);
    expect((await me()).status).toBe(200);
    await query(`DELETE FROM "Session"`);
    expect((await me()).status).toBe(401);
  });
});

const logRoutes = [
  { what: "followed logs", name: "stream", path: (id: string) => `/api/deployments/${id}/logs/stream`, search: "" },
  { what: "logs downloaded", name: "download", path: (id: string) => `/api/deployments/${id}/logs`, search: "?filter=GET" },
];

describe.each(logRoutes)("a deployment's $what, answered by the launcher", ({ name, path, search }) => {
  const missingId = "6f1d0c1e-58f4-4c37-9a51-4d1e6b0c2a77";
  const call = (id: string, headers: Record<string, string> = {}, method = "GET") => fetch(`${product.url}${path(id)}${search}`, { method, headers });

  it("refuse a caller without a session with 401, carrying the security headers of an API answer and the request id", async () => {
    const requestId = `launcher-${name}-1`;
    const served = await fetch(`${product.url}/api/health`);
    const refused = await call(missingId, { "x-request-id": requestId });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    for (const header of security) expect(refused.headers.get(header), header).toBe(served.headers.get(header));
    expect(refused.headers.get("x-request-id")).toBe(requestId);
    await waitFor("the request's log line", async () => product.lines().some((line) => line.msg === "request" && line.requestId === requestId), 5_000, 50);
    expect(product.lines()).toContainEqual(expect.objectContaining({ msg: "request", requestId, path: path(missingId), status: 401 }));
  });

  it("answer a signed-in caller not found for a deployment that does not exist, and name a malformed id", async () => {
    // The describe of /api/trpc revoked every session.
    const signedIn = await remoteSignIn(product.url, admin.email, admin.password);
    const missing = await call(missingId, { cookie: signedIn.cookie });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ status: 404 });
    const malformed = await call("not-a-deployment-id", { cookie: signedIn.cookie });
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toContain("Not a valid deployment id");
  });

  it("leave other methods to Next.js", async () => {
    expect((await call(missingId, { cookie, origin: origin() }, "POST")).status).toBe(405);
  });
});

it("refuses a download of logs that another site's page started with 403, and audits it", async () => {
  const signedIn = await remoteSignIn(product.url, admin.email, admin.password);
  const forged = await fetch(`${product.url}/api/deployments/6f1d0c1e-58f4-4c37-9a51-4d1e6b0c2a77/logs`, {
    headers: { cookie: signedIn.cookie, "sec-fetch-site": "cross-site", "x-request-id": "launcher-download-forged" },
  });
  expect(forged.status).toBe(403);
  expect(await query(`SELECT action, outcome, reason FROM "AuditEvent" WHERE "requestId" = 'launcher-download-forged'`)).toEqual([
    { action: "http.cross-origin", outcome: "denied", reason: "GET started by a page of another site (Sec-Fetch-Site: cross-site)" },
  ]);
});
