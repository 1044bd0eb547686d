import { describe, expect, it } from "vitest";
import type { TargetConnection } from "../types";
import { callOptions, clientOptions } from "./client";

const base: TargetConnection = {
  coordinates: { kind: "gcp-cloud-run", region: "europe-west1", projectId: "bulkhead-prod" },
  credentials: { kind: "gcp-cloud-run", accessToken: "ya29.token" },
};

describe("clientOptions", () => {
  it("gives the client the target's token explicitly, and Google's TLS endpoint when none is set", () => {
    const options = clientOptions(base);
    expect(Object.keys(options)).toEqual(["authClient"]);
    expect((options.authClient as { credentials: object }).credentials).toEqual({ access_token: "ya29.token" });
  });

  it("points a plaintext channel at an http:// endpoint (the emulator) and TLS at an https:// one", () => {
    const emulator = clientOptions({ ...base, endpoint: "http://127.0.0.1:50051" });
    expect(emulator).toMatchObject({ apiEndpoint: "127.0.0.1", port: 50051 });
    expect(emulator.sslCreds?._isSecure()).toBe(false);
    const regional = clientOptions({ ...base, endpoint: "https://europe-west1-run.googleapis.com" });
    expect(regional).toMatchObject({ apiEndpoint: "europe-west1-run.googleapis.com", port: 443 });
    expect(regional.sslCreds).toBeUndefined();
  });

  it("trusts the given CA on an https:// endpoint and sends the token over that channel", () => {
    const options = clientOptions({ ...base, endpoint: "https://127.0.0.1:8443", caCertificate: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----" });
    expect(options).toMatchObject({ apiEndpoint: "127.0.0.1", port: 8443 });
    expect(options.sslCreds?._isSecure()).toBe(true);
    // Composed with call credentials (the token): grpc-js only does that for secure channels.
    expect(options.sslCreds?.constructor.name).toBe("ComposedChannelCredentialsImpl");
  });

  it("refuses what it cannot honour, naming the field", () => {
    expect(() => clientOptions({ ...base, endpoint: "ftp://127.0.0.1" })).toThrow(expect.objectContaining({ kind: "invalid", field: "endpoint" }));
    expect(() => clientOptions({ ...base, endpoint: "http://run.internal", caCertificate: "-----BEGIN CERTIFICATE-----" })).toThrow(expect.objectContaining({ field: "caCertificate" }));
    expect(() => clientOptions({ ...base, credentials: { kind: "azure-aci", accessToken: "t" } })).toThrow(expect.objectContaining({ kind: "credentials" }));
  });
});

describe("callOptions", () => {
  it("turns retries off for one attempt, and otherwise retries transient codes up to maxAttempts (3 by default)", () => {
    expect(callOptions({ ...base, maxAttempts: 1 }, 1000)).toEqual({ timeout: 1000, retry: { retryCodes: [] } });
    expect(callOptions(base, 1000).retry?.backoffSettings?.maxRetries).toBe(3);
    expect(callOptions({ ...base, maxAttempts: 7 }, 1000)).toMatchObject({ timeout: 1000, retry: { retryCodes: [14, 8, 13, 4], backoffSettings: { maxRetries: 7, initialRpcTimeoutMillis: 1000 } } });
  });
});
