import { describe, expect, it } from "vitest";
import { oidcConfig, parseGroupMap, ssoSignInOption } from "./oidc-config";

const complete = {
  BULKHEAD_OIDC_ISSUER: "https://idp.example.com/realms/corp/",
  BULKHEAD_OIDC_CLIENT_ID: "bulkhead",
  BULKHEAD_OIDC_CLIENT_SECRET: "s3cret-value",
  BULKHEAD_OIDC_GROUP_MAP: '{"storefront-devs":{"team":"storefront","role":"developer"},"platform-ops":{"role":"operator"}}',
};

describe("parseGroupMap", () => {
  it("reads team and role per group", () => {
    expect(parseGroupMap('{"a":{"team":"storefront"},"b":{"role":"admin"},"c":{"team":"payments","role":"compliance"}}')).toEqual({
      a: { team: "storefront" },
      b: { role: "admin" },
      c: { team: "payments", role: "compliance" },
    });
  });

  it.each<[string, string, RegExp]>([
    ["not JSON", "storefront-devs=storefront:developer", /is not valid JSON/],
    ["an empty map", "{}", /maps no group/],
    ["an unknown role", '{"ops":{"role":"root"}}', /"ops\.role"/],
    ["neither team nor role", '{"ops":{}}', /"ops": needs a team, a role or both/],
    ["a misspelt key", '{"ops":{"rol":"operator"}}', /"ops"/],
    ["a team that is not a slug", '{"devs":{"team":"Store Front"}}', /"devs\.team": must be a team slug/],
    ["an array instead of an object", '[{"team":"storefront"}]', /BULKHEAD_OIDC_GROUP_MAP/],
  ])("refuses %s, naming where", (_name, text, message) => {
    expect(() => parseGroupMap(text)).toThrow(message);
  });
});

describe("oidcConfig", () => {
  it("is off when no variable is set", () => {
    expect(oidcConfig({})).toBeNull();
  });

  it("reads a complete set with defaults", () => {
    expect(oidcConfig(complete)).toEqual({
      providerId: "oidc",
      issuer: "https://idp.example.com/realms/corp",
      discoveryUrl: "https://idp.example.com/realms/corp/.well-known/openid-configuration",
      clientId: "bulkhead",
      clientSecret: "s3cret-value",
      displayName: "single sign-on",
      groupsClaim: "groups",
      scopes: ["openid", "email", "profile"],
      groupMap: { "storefront-devs": { team: "storefront", role: "developer" }, "platform-ops": { role: "operator" } },
    });
  });

  it("takes the display name, groups claim and scopes when given", () => {
    const config = oidcConfig({ ...complete, BULKHEAD_OIDC_DISPLAY_NAME: "Corp SSO", BULKHEAD_OIDC_GROUPS_CLAIM: "roles", BULKHEAD_OIDC_SCOPES: "openid email groups" });
    expect(config).toMatchObject({ displayName: "Corp SSO", groupsClaim: "roles", scopes: ["openid", "email", "groups"] });
  });

  it.each(["BULKHEAD_OIDC_ISSUER", "BULKHEAD_OIDC_CLIENT_ID", "BULKHEAD_OIDC_CLIENT_SECRET", "BULKHEAD_OIDC_GROUP_MAP"] as const)("stops when %s is missing from an otherwise complete set", (name) => {
    const env: Record<string, string | undefined> = { ...complete, [name]: undefined };
    expect(() => oidcConfig(env)).toThrow(new RegExp(`half-configured: .* set but ${name} missing`));
  });

  it("names every missing variable when only one is set", () => {
    expect(() => oidcConfig({ BULKHEAD_OIDC_ISSUER: "https://idp.example.com" })).toThrow(
      "Single sign-on is half-configured: BULKHEAD_OIDC_ISSUER set but BULKHEAD_OIDC_CLIENT_ID, BULKHEAD_OIDC_CLIENT_SECRET, BULKHEAD_OIDC_GROUP_MAP missing",
    );
  });

  it("refuses an issuer that is not an http(s) URL", () => {
    expect(() => oidcConfig({ ...complete, BULKHEAD_OIDC_ISSUER: "idp.example.com" })).toThrow(/BULKHEAD_OIDC_ISSUER: must be an http\(s\) URL/);
    expect(() => oidcConfig({ ...complete, BULKHEAD_OIDC_ISSUER: "ftp://idp.example.com" })).toThrow(/BULKHEAD_OIDC_ISSUER/);
  });

  it("refuses an invalid group map at configuration time", () => {
    expect(() => oidcConfig({ ...complete, BULKHEAD_OIDC_GROUP_MAP: '{"ops":{"role":"superuser"}}' })).toThrow(/BULKHEAD_OIDC_GROUP_MAP: "ops\.role"/);
  });

  it("never puts the client secret in its errors", () => {
    const secret = "planted-secret-value-123";
    for (const env of [
      { ...complete, BULKHEAD_OIDC_CLIENT_SECRET: secret, BULKHEAD_OIDC_ISSUER: "nope" },
      { ...complete, BULKHEAD_OIDC_CLIENT_SECRET: secret, BULKHEAD_OIDC_GROUP_MAP: "{" },
      { BULKHEAD_OIDC_CLIENT_SECRET: secret },
    ]) {
      expect(() => oidcConfig(env)).toThrow();
      try {
        oidcConfig(env);
      } catch (error) {
        expect(String((error as Error).message)).not.toContain(secret);
      }
    }
  });
});

describe("ssoSignInOption", () => {
  it("offers the button label from the environment, never the secret", () => {
    const saved = { ...process.env };
    Object.assign(process.env, complete, { BULKHEAD_OIDC_DISPLAY_NAME: "Corp SSO" });
    try {
      const option = ssoSignInOption();
      expect(option).toEqual({ providerId: "oidc", label: "Sign in with Corp SSO" });
      expect(JSON.stringify(option)).not.toContain(complete.BULKHEAD_OIDC_CLIENT_SECRET);
    } finally {
      process.env = saved;
    }
  });
});
