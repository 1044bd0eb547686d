import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { credentialLikeValue, looksLikeSecretName, plainEnvProblems } from "./plaintext-guard";

describe("looksLikeSecretName", () => {
  it.each(["DB_PASSWORD", "dbPassword", "MYSQL_PASSWD", "GPG_PASSPHRASE", "CLIENT_SECRET", "GITHUB_TOKEN", "STRIPE_API_KEY", "APIKEY", "TLS_PRIVATE_KEY", "AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "SERVICE_CREDENTIALS"])("flags %s", (name) => {
    expect(looksLikeSecretName(name)).toBe(true);
  });

  it.each(["GREETING", "PORT", "DATABASE_HOST", "LOG_LEVEL", "PWD", "JAVA_OPTS", "KEYCLOAK_URL"])("leaves %s alone", (name) => {
    expect(looksLikeSecretName(name)).toBe(false);
  });
});

describe("credentialLikeValue", () => {
  it("recognises AWS key ids, PEM private keys and JWTs", () => {
    expect(credentialLikeValue("AKIAIOSFODNN7EXAMPLE")).toBe("an AWS access key id");
    expect(credentialLikeValue("id=ASIAJEXAMPLEXEG2JICE;")).toBe("an AWS access key id");
    expect(credentialLikeValue("-----BEGIN RSA PRIVATE KEY-----\nMIIE...")).toBe("a PEM private key");
    expect(credentialLikeValue("-----BEGIN PRIVATE KEY-----")).toBe("a PEM private key");
    expect(credentialLikeValue("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U")).toBe("a JSON Web Token");
  });

  it("recognises long random keys", () => {
    expect(credentialLikeValue("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")).toBe("a long random key");
    expect(credentialLikeValue("sk_live_4eC39HqLyjWDarjtT1zdp7dc9x8Y7bKq")).toBe("a long random key");
  });

  it.each([
    "hello",
    "https://api.example.com/v1/orders?limit=100&sort=asc",
    "3f786850e387550fdab836ed7e6dc881de23001b",
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    "-----BEGIN CERTIFICATE-----",
    "jdbc:postgresql://db.internal:5432/orders",
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
  ])("leaves %s alone", (value) => {
    expect(credentialLikeValue(value)).toBeNull();
  });

  it("flags every random 40-character base64 key (mixed case and digits)", () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".split("");
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { minLength: 40, maxLength: 40 }), (chars) => {
        const key = chars.join("");
        fc.pre(/[a-z]/.test(key) && /[A-Z]/.test(key) && /[0-9]/.test(key) && new Set(chars).size >= 20);
        expect(credentialLikeValue(key)).toBe("a long random key");
      }),
    );
  });
});

describe("plainEnvProblems", () => {
  it("names each refused variable's field and says to store it as a secret", () => {
    const problems = plainEnvProblems({ GREETING: "hello", DB_PASSWORD: "hunter2-XYZ", SIGNING: "AKIAIOSFODNN7EXAMPLE" }, new Set());
    expect(problems.map((p) => p.field)).toEqual(["env.DB_PASSWORD", "env.SIGNING"]);
    expect(problems[0].message).toContain("store it as a secret");
    expect(problems[1].message).toContain("an AWS access key id");
  });

  it("never repeats the value it refused", () => {
    const problems = plainEnvProblems({ TOKEN: "hunter2-XYZ", KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" }, new Set());
    expect(JSON.stringify(problems)).not.toMatch(/hunter2-XYZ|wJalrXUtnFEMI/);
  });

  it("lets through names operators allowed for the team", () => {
    expect(plainEnvProblems({ FEATURE_TOKEN_NAME: "checkout" }, new Set(["FEATURE_TOKEN_NAME"]))).toEqual([]);
  });
});
