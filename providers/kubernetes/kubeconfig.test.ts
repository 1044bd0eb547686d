import { describe, expect, it } from "vitest";
import { ProviderError } from "../errors";
import { targetAccessOf } from "./kubeconfig";

const kubeconfig = (user: string, cluster = "server: https://k8s.example.com:6443") => `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    ${cluster}
users:
- name: deployer
  user:
    ${user}
contexts:
- name: prod
  context: {cluster: prod, user: deployer}
current-context: prod
`;

const refusal = (text: string) => {
  try {
    targetAccessOf(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  }
  throw new Error("accepted");
};

describe("a target's kubeconfig", () => {
  it("gives the current context's server and inline token or client certificate", () => {
    expect(targetAccessOf(kubeconfig("token: s3cret-token"))).toEqual({ server: "https://k8s.example.com:6443", token: "s3cret-token" });
    expect(targetAccessOf(kubeconfig("{client-certificate-data: Q0VSVA==, client-key-data: S0VZ}"))).toMatchObject({ certData: "Q0VSVA==", keyData: "S0VZ" });
  });

  it.each([
    ["an exec plugin", "exec: {command: /bin/sh, apiVersion: client.authentication.k8s.io/v1}", /exec/],
    ["a token file", "token-file: /etc/shadow", /token-file/],
    ["a client certificate file", "{client-certificate: /c.pem, client-key: /k.pem}", /client-certificate, client-key/],
    ["no credentials at all", "{}", /neither a token nor client-certificate-data/],
  ])("refuses %s: Bulkhead never reads its own disk or runs a program for a target", (_, user, reason) => {
    const error = refusal(kubeconfig(user));
    expect(error.kind).toBe("credentials");
    expect(error.message).toMatch(reason);
  });

  it("refuses a CA file, skipped TLS verification and plain http", () => {
    expect(refusal(kubeconfig("token: t", "{server: 'https://k', certificate-authority: /ca.pem}")).message).toMatch(/certificate-authority/);
    expect(refusal(kubeconfig("token: t", "{server: 'https://k', insecure-skip-tls-verify: true}")).message).toMatch(/insecure-skip-tls-verify/);
    expect(refusal(kubeconfig("token: t", "server: http://k8s.example.com")).message).toMatch(/no https:\/\/ server/);
  });

  it("never quotes the text it could not read", () => {
    const error = refusal("token: s3cret-token\n  : : [unbalanced");
    expect(error.message).not.toMatch(/s3cret/);
  });
});
