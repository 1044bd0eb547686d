import { describe, expect, it } from "vitest";
import type { Actor } from "@/server/identity/actor";
import { canRequestOverride, decideRefusal, overrideState, refusalProblem } from "./rules";

const person = (role: Actor["role"], teamIds: string[] = ["t1"], userId = `${role}-1`): Actor => ({ userId, email: `${userId}@x`, name: userId, role, teamIds });
const revoked = { code: "base-image-revoked" as const, subject: "UBI 8", message: "revoked" };
const refusal = { outcome: "denied", action: "deployment.deploy", kind: "policy", reasons: [revoked], hasRequest: true };

describe("break-glass rules", () => {
  it.each<[string, Actor, boolean]>([
    ["a developer of the team", person("developer"), true],
    ["a developer of another team", person("developer", ["t2"]), false],
    ["an operator", person("operator", []), false],
    ["a compliance officer", person("compliance", []), false],
  ])("lets %s request an override: %s", (_, actor, expected) => {
    expect(canRequestOverride(actor, "t1")).toBe(expected);
  });

  it.each<[string, Actor, string | null]>([
    ["an operator who did not request it", person("operator", []), null],
    ["an admin who did not request it", person("admin", []), null],
    ["the operator who requested it", person("operator", [], "requester"), "the requester cannot decide their own override (four eyes)"],
    ["a developer", person("developer"), "a break-glass override is approved or rejected by an operator or an admin"],
    ["a compliance officer", person("compliance", []), "a break-glass override is approved or rejected by an operator or an admin"],
  ])("lets %s decide: %s", (_, actor, expected) => {
    expect(decideRefusal(actor, { requestedById: "requester" })).toBe(expected);
  });

  it("is active from approval until it expires, whether or not the expiry job has run", () => {
    const now = new Date("2026-12-01T12:00:00Z");
    expect(overrideState({ status: "approved", expiresAt: new Date("2026-12-01T12:00:01Z") }, now)).toBe("active");
    expect(overrideState({ status: "approved", expiresAt: new Date("2026-12-01T12:00:00Z") }, now)).toBe("expired");
    expect(overrideState({ status: "requested", expiresAt: null }, now)).toBe("requested");
  });

  it.each<[string, Partial<typeof refusal>, string | null]>([
    ["a policy refusal of a deploy", {}, null],
    ["an allowed event", { outcome: "ok" }, "it is not a refused attempt"],
    ["a link change's revision", { action: "deployment.links" }, "only a policy refusal of a deploy, redeploy, rollback or scale can be overridden"],
    ["a provider's refusal", { kind: "provider" }, "only a policy refusal of a deploy, redeploy, rollback or scale can be overridden"],
    ["a refusal recorded before requests were kept", { hasRequest: false }, "only a policy refusal of a deploy, redeploy, rollback or scale can be overridden"],
    ["a refusal without reasons (no base image declared)", { reasons: [] }, "its reasons cannot be overridden"],
  ])("can override %s: %s", (_, changes, expected) => {
    expect(refusalProblem({ ...refusal, ...changes })).toBe(expected);
  });
});
