import { status } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { ProviderError } from "../errors";
import type { TargetConnection } from "../types";
import { toProviderError } from "./map-error";
import { RestCallError } from "./rest-client";

const TOKEN = "ya29.secret-access-token";
const connection: TargetConnection = {
  coordinates: { kind: "gcp-cloud-run", region: "europe-west1", projectId: "bulkhead-prod" },
  credentials: { kind: "gcp-cloud-run", accessToken: TOKEN },
};
const map = (error: unknown) => toProviderError(error, { connection, action: "deploy service payments" });

/** The shape the client's GoogleError has after decoding google.rpc details (plain data here). */
const googleError = (code: number, details: string, extra: object = {}) => Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, ...extra });

describe("toProviderError", () => {
  it.each([
    [status.UNAUTHENTICATED, "credentials"],
    [status.PERMISSION_DENIED, "credentials"],
    [status.RESOURCE_EXHAUSTED, "throttled"],
    [status.NOT_FOUND, "not-found"],
    [status.INVALID_ARGUMENT, "invalid"],
    [status.FAILED_PRECONDITION, "invalid"],
    [status.ALREADY_EXISTS, "conflict"],
    [status.ABORTED, "conflict"],
    [status.UNAVAILABLE, "unavailable"],
    [status.INTERNAL, "unavailable"],
    [status.DEADLINE_EXCEEDED, "unavailable"],
    [status.UNKNOWN, "unavailable"],
  ])("gRPC code %i is %s", (code, kind) => {
    const error = map(googleError(code, "something happened"));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.kind).toBe(kind);
    expect(error.retryable).toBe(kind === "throttled" || kind === "unavailable");
    expect(error.message).toMatch(/deploy service payments/);
  });

  it("tells a used-up quota (QuotaFailure) from a rate limit (RATE_LIMIT_EXCEEDED)", () => {
    const quota = googleError(status.RESOURCE_EXHAUSTED, "Quota exceeded for total allowable count of services", { statusDetails: [{ violations: [{ subject: "project:p" }] }] });
    const rate = googleError(status.RESOURCE_EXHAUSTED, "Quota exceeded for quota metric 'Write requests'", { reason: "RATE_LIMIT_EXCEEDED", statusDetails: [{ violations: [] }] });
    expect(map(quota)).toMatchObject({ kind: "quota", retryable: false, message: expect.stringMatching(/quota of project "bulkhead-prod" \(europe-west1\) is used up/) });
    expect(map(rate)).toMatchObject({ kind: "throttled", retryable: true });
  });

  it("names the spec field Cloud Run's BadRequest points at, or Cloud Run's own path", () => {
    const violation = (field: string) => googleError(status.INVALID_ARGUMENT, `Violation in CreateServiceRequest.${field}: bad`, { statusDetails: [{ fieldViolations: [{ field, description: "bad" }] }] });
    expect(map(violation("service.template.containers[0].resources.limits.memory")).field).toBe("memoryMiB");
    expect(map(violation("service_id")).field).toBe("name");
    expect(map(violation("service.template.scaling.max_instance_count")).field).toBe("maxInstances");
    expect(map(violation("service.template.vpc_access")).field).toBe("service.template.vpc_access");
  });

  it("keeps the last error's code when the client ran out of attempts", () => {
    const exhausted = Object.assign(new Error("Exceeded maximum number of retries retrying error Error: 8 RESOURCE_EXHAUSTED: Quota exceeded before any response was received"), {
      code: status.DEADLINE_EXCEEDED,
    });
    expect(map(exhausted).kind).toBe("throttled");
  });

  it("says the credentials were refused without ever showing the token", () => {
    const error = map(googleError(status.UNAUTHENTICATED, `Request had invalid authentication credentials: Bearer ${TOKEN}`));
    expect(error.kind).toBe("credentials");
    expect(error.message).toMatch(/rejected the credentials of Cloud Run target project "bulkhead-prod"/);
    expect(error.message).not.toContain(TOKEN);
    expect(map(new Error("No refresh token or refresh handler callback is set.")).kind).toBe("credentials");
  });

  it("passes a ProviderError through and treats anything else as a failed call", () => {
    const original = new ProviderError("invalid", "bad endpoint", "endpoint");
    expect(map(original)).toBe(original);
    expect(map(new Error("socket hang up"))).toMatchObject({ kind: "unavailable", message: expect.stringMatching(/no answer/) });
  });

  it.each([
    [status.INVALID_ARGUMENT, "Service account bh-a-123456@p.iam.gserviceaccount.com does not exist."],
    [status.PERMISSION_DENIED, "Permission 'iam.serviceaccounts.actAs' denied on service account bh-a-123456@p.iam.gserviceaccount.com (or it may not exist)."],
  ])("takes IAM not yet knowing a new account (code %i) as transient: retryable", (code, details) => {
    const error = map(googleError(code, details));
    expect(error).toMatchObject({ kind: "unavailable", retryable: true });
  });

  it.each([
    [new RestCallError(400, "INVALID_ARGUMENT", "badRequest", "Invalid value for accountId"), "invalid"],
    [new RestCallError(403, "PERMISSION_DENIED", "forbidden", "Permission iam.serviceAccounts.create denied"), "credentials"],
    [new RestCallError(404, "NOT_FOUND", "notFound", "The resource 'projects/p/global/sslPolicies/x' was not found"), "not-found"],
    [new RestCallError(409, "ALREADY_EXISTS", "alreadyExists", "Service account x already exists within project projects/p."), "conflict"],
    [new RestCallError(412, "FAILED_PRECONDITION", "conditionNotMet", "Supplied fingerprint does not match"), "conflict"],
    [new RestCallError(429, "RESOURCE_EXHAUSTED", "quotaExceeded", "Maximum number of service accounts on project reached."), "quota"],
    [new RestCallError(429, "RESOURCE_EXHAUSTED", "rateLimitExceeded", "Quota exceeded for quota metric 'Requests'"), "throttled"],
    [new RestCallError(503, "UNAVAILABLE", "backendError", "The service is currently unavailable."), "unavailable"],
    [new RestCallError(0, undefined, undefined, "no answer (ECONNRESET)"), "unavailable"],
  ])("maps the REST answer %s to %s, naming the API and never the token", (error, kind) => {
    const mapped = toProviderError(error, { connection, action: "make the service account of payments", service: "IAM" });
    expect(mapped.kind).toBe(kind);
    expect(mapped.message).toMatch(/IAM|Google Cloud rejected/);
    expect(mapped.message).toContain(error.message);
    expect(mapped.message).not.toContain(TOKEN);
  });
});
