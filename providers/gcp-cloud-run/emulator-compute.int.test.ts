// The emulator's Compute load-balancing resources over REST on the Cloud Run port: the pieces of an external
// Application Load Balancer, with the references, refusals and optimistic locking the Compute API documents.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../emulator-types";
import { startEmulator } from "./emulator";

const BASE = "/compute/v1/projects/bulkhead-lb/global";
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator?.stop());

async function compute(method: string, path: string, body?: object): Promise<{ status: number; body: Record<string, any> }> {
  const response = await fetch(`${emulator.url}${BASE}${path}`, { method, headers: { "content-type": "application/json" }, body: body && JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}
const reason = (answer: { body: Record<string, any> }) => answer.body.error?.errors?.[0]?.reason;

describe("an external Application Load Balancer's pieces", () => {
  it("inserts each piece as a DONE operation, resolves references to selfLinks, and lists them", async () => {
    const inserted = await compute("POST", "/sslPolicies", { name: "modern-tls12", profile: "MODERN", minTlsVersion: "TLS_1_2" });
    expect(inserted.body).toMatchObject({ kind: "compute#operation", operationType: "insert", status: "DONE", targetLink: expect.stringMatching(/\/global\/sslPolicies\/modern-tls12$/) });
    await compute("POST", "/urlMaps", { name: "web", defaultService: "global/backendServices/run-neg" });
    await compute("POST", "/targetHttpsProxies", { name: "web-https", urlMap: "global/urlMaps/web", sslCertificates: ["global/sslCertificates/web"], sslPolicy: "projects/bulkhead-lb/global/sslPolicies/modern-tls12" });
    await compute("POST", "/forwardingRules", { name: "web-443", target: "global/targetHttpsProxies/web-https", portRange: "443", IPAddress: "198.51.100.7" });

    const proxy = await compute("GET", "/targetHttpsProxies/web-https");
    expect(proxy.body).toMatchObject({ sslPolicy: "https://www.googleapis.com/compute/v1/projects/bulkhead-lb/global/sslPolicies/modern-tls12", urlMap: expect.stringMatching(/\/global\/urlMaps\/web$/) });
    expect((await compute("GET", "/forwardingRules/web-443")).body).toMatchObject({ portRange: "443-443", IPProtocol: "TCP", IPAddress: "198.51.100.7" });
    expect((await compute("GET", "/sslPolicies")).body.items.map((p: { name: string }) => p.name)).toEqual(["modern-tls12"]);
    expect((await compute("GET", `/targetHttpsProxies?filter=${encodeURIComponent('sslPolicy = "https://www.googleapis.com/compute/v1/projects/bulkhead-lb/global/sslPolicies/modern-tls12"')}`)).body.items).toHaveLength(1);
  });

  it.each([
    ["a name that is not RFC 1035", "/sslPolicies", { name: "Modern" }, 400, "invalid"],
    ["a minimum TLS version Compute does not know", "/sslPolicies", { name: "odd", minTlsVersion: "TLS_2_0" }, 400, "invalid"],
    ["a FIPS profile below TLS 1.2", "/sslPolicies", { name: "fips", profile: "FIPS_202205", minTlsVersion: "TLS_1_0" }, 400, "invalid"],
    ["a CUSTOM profile without features", "/sslPolicies", { name: "custom", profile: "CUSTOM" }, 400, "invalid"],
    ["a second policy of the same name", "/sslPolicies", { name: "modern-tls12" }, 409, "alreadyExists"],
    ["a proxy whose URL map does not exist", "/targetHttpsProxies", { name: "p", urlMap: "global/urlMaps/none", sslCertificates: ["c"] }, 404, "notFound"],
    ["a proxy whose SSL policy does not exist", "/targetHttpsProxies", { name: "p", urlMap: "global/urlMaps/web", sslCertificates: ["c"], sslPolicy: "global/sslPolicies/none" }, 404, "notFound"],
    ["an HTTPS proxy without certificates", "/targetHttpsProxies", { name: "p", urlMap: "global/urlMaps/web" }, 400, "required"],
    ["a forwarding rule without a target", "/forwardingRules", { name: "r", portRange: "80" }, 400, "required"],
    ["a URL map with neither a service nor a redirect", "/urlMaps", { name: "empty" }, 400, "invalid"],
  ])("refuses %s, creating nothing", async (_, path, body, status, why) => {
    const answer = await compute("POST", path, body);
    expect(answer.status).toBe(status);
    expect(reason(answer)).toBe(why);
    if (status !== 409) expect((await compute("GET", `${path}/${(body as { name: string }).name}`)).status).toBe(404);
  });

  it("refuses to delete a policy a proxy uses, with resourceInUseByAnotherResource naming the proxy", async () => {
    const answer = await compute("DELETE", "/sslPolicies/modern-tls12");
    expect(answer.status).toBe(400);
    expect(reason(answer)).toBe("resourceInUseByAnotherResource");
    expect(answer.body.error.message).toContain("projects/bulkhead-lb/global/targetHttpsProxies/web-https");
  });

  it("patches an SSL policy only with its current fingerprint (412 conditionNotMet otherwise), and detaches a policy from a proxy", async () => {
    expect(reason(await compute("PATCH", "/sslPolicies/modern-tls12", { minTlsVersion: "TLS_1_0" }))).toBe("conditionNotMet");
    const { fingerprint } = (await compute("GET", "/sslPolicies/modern-tls12")).body;
    expect((await compute("PATCH", "/sslPolicies/modern-tls12", { minTlsVersion: "TLS_1_0", fingerprint })).body.status).toBe("DONE");
    expect((await compute("GET", "/sslPolicies/modern-tls12")).body.minTlsVersion).toBe("TLS_1_0");

    await compute("POST", "/targetHttpsProxies/web-https/setSslPolicy", {});
    expect((await compute("GET", "/targetHttpsProxies/web-https")).body.sslPolicy).toBeUndefined();
    expect((await compute("DELETE", "/sslPolicies/modern-tls12")).status).toBe(200);
  });
});
