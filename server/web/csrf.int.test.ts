import { beforeAll, describe, expect, it } from "vitest";
import { authPOST, exportGET, logsDownloadGET, trpcGET, trpcPOST } from "@/testing/app-routes";
import { publicUrl, serverEnv } from "@/server/config/env";
import { db } from "@/server/db/client";
import { appOrigin, makeAccount, signIn } from "@/testing/accounts";
import { makeBaseImage } from "@/testing/catalog";
import { makeTeam } from "@/testing/callers";

// Cross-site request forgery, through the real route handlers of app/api: a valid session cookie is not
// enough to change anything unless the request says it comes from this app's own origin.

let cookie: string;
let teamId: string;
let baseImageId: string;
let userId: string;

beforeAll(async () => {
  teamId = (await makeTeam("Csrf")).id;
  baseImageId = (await makeBaseImage()).id;
  const user = await makeAccount("developer", [teamId]);
  userId = user.id;
  const signedIn = await signIn(user.email);
  expect(signedIn.response.status).toBe(200);
  cookie = signedIn.cookie;
});

const url = (path: string) => `${publicUrl(serverEnv())}${path}`;

function createAppRequest(name: string, headers: Record<string, string>) {
  const body = JSON.stringify({ json: { teamId, name, description: "", classification: "internal", baseImageId } });
  return new Request(url("/api/trpc/apps.create"), { method: "POST", headers: { "content-type": "application/json", cookie, ...headers }, body });
}

const appsNamed = (name: string) => db().app.count({ where: { name } });

describe("state-changing requests from another origin are refused", () => {
  it("a cross-origin tRPC mutation with a valid session is refused with 403, changes nothing and is audited", async () => {
    const response = await trpcPOST(createAppRequest("forged", { origin: "http://evil.example", "x-request-id": "csrf-forged-0001" }));
    expect(response.status).toBe(403);
    expect(await appsNamed("forged")).toBe(0);
    const [event] = await db().auditEvent.findMany({ where: { requestId: "csrf-forged-0001" } });
    expect(event).toMatchObject({ action: "http.cross-origin", outcome: "denied", actorId: userId, resourceId: "/api/trpc/apps.create", reason: "cross-origin POST from http://evil.example" });
  });

  it("the same request from the app's own origin goes through (the cookie was good)", async () => {
    const response = await trpcPOST(createAppRequest("genuine", { origin: appOrigin() }));
    expect(response.status).toBe(200);
    expect(await appsNamed("genuine")).toBe(1);
  });

  it("another port of the same site is another origin (SameSite=Lax would still send the cookie)", async () => {
    const response = await trpcPOST(createAppRequest("other-port", { origin: "http://localhost:1" }));
    expect(response.status).toBe(403);
    expect(await appsNamed("other-port")).toBe(0);
  });

  it("without an Origin header only Sec-Fetch-Site: same-origin is accepted", async () => {
    expect((await trpcPOST(createAppRequest("no-origin", {}))).status).toBe(403);
    expect((await trpcPOST(createAppRequest("no-origin", { "sec-fetch-site": "cross-site" }))).status).toBe(403);
    expect((await trpcPOST(createAppRequest("no-origin", { origin: "null" }))).status).toBe(403);
    expect(await appsNamed("no-origin")).toBe(0);
    expect((await trpcPOST(createAppRequest("fetch-metadata", { "sec-fetch-site": "same-origin" }))).status).toBe(200);
  });

  it("tRPC never runs a mutation over GET", async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { teamId, name: "over-get", description: "", classification: "internal", baseImageId } }));
    const response = await trpcGET(new Request(url(`/api/trpc/apps.create?input=${input}`), { headers: { cookie } }));
    expect(response.status).toBe(405);
    expect(await appsNamed("over-get")).toBe(0);
  });

  it("better-auth endpoints follow the same rule: a forged sign-out leaves the session alive", async () => {
    const forged = await authPOST(new Request(url("/api/auth/sign-out"), { method: "POST", headers: { cookie, origin: "http://evil.example", "content-type": "application/json" }, body: "{}" }));
    expect(forged.status).toBe(403);
    expect(await db().session.count({ where: { userId } })).toBe(1);
  });

  it("the audit export (a GET that does something) refuses pages of other sites", async () => {
    const response = await exportGET(new Request(url("/api/audit/export?format=csv"), { headers: { cookie, "sec-fetch-site": "cross-site" } }));
    expect(response.status).toBe(403);
  });

  it("a deployment's log download (audited too) refuses pages of other sites, and audits the refusal", async () => {
    const id = "00000000-0000-4000-8000-000000000001";
    const response = await logsDownloadGET(new Request(url(`/api/deployments/${id}/logs`), { headers: { cookie, "sec-fetch-site": "cross-site" } }), { params: Promise.resolve({ id }) });
    expect(response.status).toBe(403);
    expect(await db().auditEvent.count({ where: { actorId: userId, action: "http.cross-origin", resourceId: `/api/deployments/${id}/logs` } })).toBe(1);
  });
});
