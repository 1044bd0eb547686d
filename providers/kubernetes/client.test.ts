import { describe, expect, it } from "vitest";
import { ProviderError } from "../errors";
import type { TargetConnection } from "../types";
import { credentialSecrets, kubeConfigOf } from "./client";

const kubeconfig = "clusters: [{name: c, cluster: {server: 'https://k8s.example.com', certificate-authority-data: Q0E=}}]\nusers: [{name: u, user: {token: tok-abc}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n";
const connection = (change: Partial<TargetConnection> = {}): TargetConnection => ({
  coordinates: { kind: "kubernetes", region: "eu-west-1", cluster: "prod" },
  credentials: { kind: "kubernetes", kubeconfig },
  ...change,
});

describe("the client's configuration", () => {
  it("takes the kubeconfig's server, CA and token", () => {
    const config = kubeConfigOf(connection());
    expect(config.getCurrentCluster()).toMatchObject({ server: "https://k8s.example.com", caData: "Q0E=", skipTLSVerify: false });
    expect(config.getCurrentUser()).toMatchObject({ token: "tok-abc" });
  });

  it("points at the target's endpoint and trusts its CA certificate when it gives them", () => {
    const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    const config = kubeConfigOf(connection({ endpoint: "https://127.0.0.1:6443", caCertificate: pem }));
    expect(config.getCurrentCluster()).toMatchObject({ server: "https://127.0.0.1:6443", caData: Buffer.from(pem).toString("base64") });
  });

  it("refuses plain http and another provider's credentials", () => {
    expect(() => kubeConfigOf(connection({ endpoint: "http://127.0.0.1:6443" }))).toThrow(/must be an https:\/\/ URL/);
    expect(() => kubeConfigOf(connection({ credentials: { kind: "gcp-cloud-run", accessToken: "t" } }))).toThrow(ProviderError);
  });

  it("knows which of the credentials must never be shown", () => {
    expect(credentialSecrets(connection())).toEqual(["tok-abc"]);
  });
});
