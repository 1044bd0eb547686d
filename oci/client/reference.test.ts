// Image references: what parses, into which parts, and what is refused with words naming the part that is wrong.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RegistryError } from "./errors";
import { formatReference, parseReference } from "./reference";

const digest = `sha256:${"a".repeat(64)}`;

describe("parseReference", () => {
  it.each([
    ["registry.example.com/team/app:1.0", { registry: "registry.example.com", repository: "team/app", tag: "1.0" }],
    ["127.0.0.1:5000/app:latest", { registry: "127.0.0.1:5000", repository: "app", tag: "latest" }],
    ["localhost/a/b/c:v1_2-3.x", { registry: "localhost", repository: "a/b/c", tag: "v1_2-3.x" }],
    [`ghcr.io/org/app@${digest}`, { registry: "ghcr.io", repository: "org/app", digest }],
    [`ghcr.io:443/org/app:1.0@${digest}`, { registry: "ghcr.io:443", repository: "org/app", tag: "1.0", digest }],
    ["[::1]:5000/app:1", { registry: "[::1]:5000", repository: "app", tag: "1" }],
  ])("reads %s", (text, expected) => {
    expect(parseReference(text)).toEqual(expected);
  });

  it.each([
    ["", "must be 1 to 1024 characters"],
    ["app:1.0", "names no registry host"],
    ["team/app:1.0", "names no registry host"],
    ["registry.example.com/Team/app:1.0", 'path component "Team" is not valid'],
    ["registry.example.com/team//app:1.0", 'path component "" is not valid'],
    ["registry.example.com/team/app:-x", 'the tag "-x" is not valid'],
    [`registry.example.com/team/app:${"t".repeat(129)}`, "is not valid"],
    ["registry.example.com/team/app@sha256:ABC", '"sha256:ABC" is not a digest'],
    ["registry.example.com/team/app@md5:" + "a".repeat(32), "is not a digest"],
    ["registry.example.com/:1.0", "names no repository"],
    ["registry.example.com/team/app", "names neither a tag nor a digest"],
    ["bad_host.example.com/app:1", '"bad_host.example.com" is not a host name'],
  ])("refuses %j: %s", (text, words) => {
    let error: unknown;
    try {
      parseReference(text);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as RegistryError).kind).toBe("reference");
    expect((error as RegistryError).message).toContain(words);
  });

  it("reads back what it formats, for any valid reference", () => {
    const component = fc.stringMatching(/^[a-z0-9]{1,8}([._-][a-z0-9]{1,8})?$/);
    const tag = fc.stringMatching(/^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,20}$/);
    const hex = fc.stringMatching(/^[a-f0-9]{64}$/);
    fc.assert(
      fc.property(fc.array(component, { minLength: 1, maxLength: 3 }), fc.option(tag, { nil: undefined }), fc.option(hex, { nil: undefined }), (path, maybeTag, maybeHex) => {
        fc.pre(maybeTag !== undefined || maybeHex !== undefined);
        const reference = { registry: "registry.example.com:5000", repository: path.join("/"), ...(maybeTag !== undefined && { tag: maybeTag }), ...(maybeHex !== undefined && { digest: `sha256:${maybeHex}` }) };
        expect(parseReference(formatReference(reference))).toEqual(reference);
      }),
    );
  });
});
