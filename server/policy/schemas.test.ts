import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encryptionArb, overrideArb } from "./arbitraries";
import { baseImageEntry, egressDestination, encryptionOverride, encryptionPolicy, networkLink, placementPolicy } from "./schemas";

describe("policy schemas", () => {
  it("accept every well-formed encryption policy and override unchanged", () => {
    fc.assert(
      fc.property(encryptionArb, overrideArb, (policy, override) => {
        expect(encryptionPolicy.parse(policy)).toEqual(policy);
        expect(encryptionOverride.parse(override)).toEqual(override);
      }),
    );
  });

  it("never accept a string as an egress destination unless it is a host name or an IPv4 CIDR", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parsed = egressDestination.safeParse(text);
        if (parsed.success) expect(parsed.data).toMatch(/^(?:\*\.)?[a-z0-9.-]+\.[a-z]{2,63}$|^[\d.]+\/\d{1,2}$/);
      }),
    );
  });

  it.each([
    ["API.Example.com", "api.example.com"],
    ["*.example.com", "*.example.com"],
    ["10.0.0.0/8", "10.0.0.0/8"],
  ])("normalizes the destination %s", (text, expected) => {
    expect(egressDestination.parse(text)).toBe(expected);
  });

  it.each(["example", "http://api.example.com", "10.0.0.0/33", "300.1.1.1/8", "api..example.com"])("refuses the destination %s", (text) => {
    expect(egressDestination.safeParse(text).success).toBe(false);
  });

  it("refuses a minimum TLS version other than 1.2 or 1.3, on the field", () => {
    const result = encryptionOverride.safeParse({ minTlsVersion: "1.1" });
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["minTlsVersion", "Minimum TLS version is 1.2 or 1.3"]]);
  });

  it("takes placement rules for some classifications only, and refuses unknown ones", () => {
    expect(placementPolicy.parse({ regulated: [{ label: "zone", anyOf: ["private"] }] })).toEqual({ regulated: [{ label: "zone", anyOf: ["private"] }] });
    expect(placementPolicy.safeParse({ secret: [] }).success).toBe(false);
    expect(placementPolicy.safeParse({ regulated: [{ label: "zone", anyOf: [] }] }).success).toBe(false);
  });

  it("refuses a link port out of range and a base image by tag", () => {
    expect(networkLink.safeParse({ from: "a", to: "b", port: 70_000 }).success).toBe(false);
    const image = { id: "i", family: "os", name: "UBI", version: "9", reference: "registry.access.redhat.com/ubi9/ubi:latest", status: "approved", endOfLife: null, successor: null };
    expect(baseImageEntry.safeParse(image).error?.issues.map((i) => i.path.join("."))).toEqual(["reference"]);
  });
});
