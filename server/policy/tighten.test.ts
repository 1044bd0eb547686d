import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EncryptionPolicy } from "@/providers/types";
import { encryptionArb, overrideArb } from "./arbitraries";
import type { EncryptionOverride } from "./schemas";
import { isAtLeastAsStrict, overrideProblems, strictest, teamEncryption } from "./tighten";

const platform: EncryptionPolicy = {
  ingressTlsRequired: true,
  minTlsVersion: "1.2",
  httpRedirectToHttps: true,
  serviceToServiceEncrypted: true,
  serviceToServiceMutualAuth: false,
  egressRestricted: true,
  egressAllowList: ["api.stripe.com", "10.0.0.0/8"],
};

describe("overrideProblems: a team may tighten, never loosen", () => {
  it.each<[string, EncryptionOverride]>([
    ["raise the minimum TLS version", { minTlsVersion: "1.3" }],
    ["require mutual authentication", { serviceToServiceMutualAuth: true }],
    ["drop an egress destination", { egressAllowList: ["api.stripe.com"] }],
    ["restate the platform's own values", { ingressTlsRequired: true, minTlsVersion: "1.2" }],
    ["change nothing", {}],
    ["state settings as undefined (they follow the platform)", { egressAllowList: undefined, ingressTlsRequired: undefined }],
  ])("accepts an override that would %s", (_, override) => {
    expect(overrideProblems(platform, override)).toEqual([]);
  });

  it.each<[string, EncryptionOverride, keyof EncryptionPolicy, RegExp]>([
    ["turn ingress TLS off", { ingressTlsRequired: false }, "ingressTlsRequired", /requires ingressTlsRequired; a team override may only tighten/],
    ["lower the minimum TLS version", { minTlsVersion: "1.2" }, "minTlsVersion", /cannot lower it to 1\.2/],
    ["stop redirecting HTTP", { httpRedirectToHttps: false }, "httpRedirectToHttps", /not turn it off/],
    ["lift the egress restriction", { egressRestricted: false }, "egressRestricted", /not turn it off/],
    ["add an egress destination", { egressAllowList: ["api.stripe.com", "evil.example.com"] }, "egressAllowList", /does not allow evil\.example\.com/],
  ])("refuses an override that would %s, naming the setting", (_, override, field, message) => {
    const strict = { ...platform, minTlsVersion: "1.3" as const };
    expect(overrideProblems(strict, override)).toEqual([{ field, message: expect.stringMatching(message) }]);
  });
});

describe("properties", () => {
  it("an override is refused exactly when applying it would make the policy looser", () => {
    fc.assert(
      fc.property(encryptionArb, overrideArb, (p, o) => {
        expect(overrideProblems(p, o).length === 0).toBe(isAtLeastAsStrict({ ...p, ...o }, p));
      }),
    );
  });

  it("the team's effective policy is never looser than the platform's, whatever the override", () => {
    fc.assert(
      fc.property(encryptionArb, overrideArb, (p, o) => {
        expect(isAtLeastAsStrict(teamEncryption(p, o), p)).toBe(true);
      }),
    );
  });

  it("an accepted override is applied as stated (tightening is not lost)", () => {
    fc.assert(
      fc.property(encryptionArb, overrideArb, (p, o) => {
        fc.pre(overrideProblems(p, o).length === 0);
        expect(isAtLeastAsStrict(teamEncryption(p, o), { ...p, ...o })).toBe(true);
      }),
    );
  });

  it("strictest is at least as strict as both sides and does not depend on their order", () => {
    fc.assert(
      fc.property(encryptionArb, encryptionArb, (a, b) => {
        const both = strictest(a, b);
        expect(isAtLeastAsStrict(both, a) && isAtLeastAsStrict(both, b)).toBe(true);
        expect(strictest(b, a)).toEqual(both);
      }),
    );
  });
});
