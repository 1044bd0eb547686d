import { ApiException } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import type { TargetConnection } from "../types";
import { toProviderError } from "./map-error";

const connection: TargetConnection = {
  coordinates: { kind: "kubernetes", region: "eu-west-1", cluster: "prod" },
  credentials: { kind: "kubernetes", kubeconfig: "clusters: [{name: c, cluster: {server: 'https://k'}}]\nusers: [{name: u, user: {token: tok-123456}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\n" },
};
const status = (code: number, reason: string, message: string, causes?: object[]) =>
  new ApiException(code, "Unsuccessful HTTP Request", JSON.stringify({ kind: "Status", apiVersion: "v1", status: "Failure", code, reason, message, ...(causes ? { details: { causes } } : {}) }), {});
const mapped = (error: unknown) => toProviderError(error, { connection, action: "apply Deployment shop/web" });

describe("Kubernetes errors", () => {
  it("keeps the API server's message and maps the field to the spec's", () => {
    const error = mapped(status(422, "Invalid", 'Deployment.apps "web" is invalid: spec.template.spec.containers[0].image: Required value', [{ field: "spec.template.spec.containers[0].image", reason: "FieldValueRequired" }]));
    expect(error).toMatchObject({ kind: "invalid", field: "image", message: 'Kubernetes refused to apply Deployment shop/web: Deployment.apps "web" is invalid: spec.template.spec.containers[0].image: Required value' });
  });

  it.each([
    [401, "Unauthorized", "Unauthorized", "credentials"],
    [403, "Forbidden", 'deployments.apps is forbidden: User "bulkhead" cannot patch resource "deployments"', "credentials"],
    [403, "Forbidden", 'exceeded quota: compute, requested: limits.cpu=2, used: limits.cpu=8, limited: limits.cpu=8', "quota"],
    [404, "NotFound", 'namespaces "shop" not found', "not-found"],
    [409, "Conflict", "Operation cannot be fulfilled", "conflict"],
    [429, "TooManyRequests", "Too many requests", "throttled"],
    [500, "InternalError", "etcdserver: request timed out", "unavailable"],
  ])("HTTP %i %s is a %s error", (code, reason, message, kind) => {
    const error = mapped(status(code, reason, message));
    expect(error.kind).toBe(kind);
    expect(error.message).toContain(message);
    expect(error.retryable).toBe(kind === "throttled" || kind === "unavailable");
  });

  it("says what happened when no answer came, and never shows the token", () => {
    const refused = mapped(new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:6443") }));
    expect(refused).toMatchObject({ kind: "unavailable", message: expect.stringMatching(/no answer.*ECONNREFUSED/) });
    expect(mapped(new Error("bad token tok-123456")).message).not.toContain("tok-123456");
  });
});
