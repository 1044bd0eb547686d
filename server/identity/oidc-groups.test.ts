import { describe, expect, it } from "vitest";
import type { GroupMap } from "./oidc-config";
import { groupsFromClaims, resolveGroups, ROLE_PRECEDENCE } from "./oidc-groups";

const map: GroupMap = {
  "storefront-devs": { team: "storefront", role: "developer" },
  "payments-devs": { team: "payments" },
  "platform-ops": { role: "operator" },
  auditors: { role: "compliance" },
  "bulkhead-admins": { role: "admin" },
  "payments-auditors": { team: "payments", role: "compliance" },
  "data-devs": { team: "data", create: true, teamName: "Data Platform" },
};

describe("resolveGroups", () => {
  it.each<[string, string[], ReturnType<typeof resolveGroups>]>([
    ["one team group", ["storefront-devs"], { role: "developer", teamSlugs: ["storefront"], creatable: {}, matchedGroups: ["storefront-devs"] }],
    ["a team without a role means developer", ["payments-devs"], { role: "developer", teamSlugs: ["payments"], creatable: {}, matchedGroups: ["payments-devs"] }],
    ["a role without a team", ["platform-ops"], { role: "operator", teamSlugs: [], creatable: {}, matchedGroups: ["platform-ops"] }],
    ["two teams are both joined", ["payments-devs", "storefront-devs"], { role: "developer", teamSlugs: ["payments", "storefront"], creatable: {}, matchedGroups: ["payments-devs", "storefront-devs"] }],
    ["operator outranks developer and keeps the team", ["payments-devs", "platform-ops"], { role: "operator", teamSlugs: ["payments"], creatable: {}, matchedGroups: ["payments-devs", "platform-ops"] }],
    ["operator outranks compliance", ["auditors", "platform-ops"], { role: "operator", teamSlugs: [], creatable: {}, matchedGroups: ["auditors", "platform-ops"] }],
    ["compliance outranks developer", ["storefront-devs", "payments-auditors"], { role: "compliance", teamSlugs: ["payments", "storefront"], creatable: {}, matchedGroups: ["payments-auditors", "storefront-devs"] }],
    ["admin outranks everything", ["storefront-devs", "platform-ops", "auditors", "bulkhead-admins"], { role: "admin", teamSlugs: ["storefront"], creatable: {}, matchedGroups: ["auditors", "bulkhead-admins", "platform-ops", "storefront-devs"] }],
    ["unmapped groups are ignored", ["marketing", "storefront-devs", "all-staff"], { role: "developer", teamSlugs: ["storefront"], creatable: {}, matchedGroups: ["storefront-devs"] }],
    ["duplicates count once", ["storefront-devs", "storefront-devs"], { role: "developer", teamSlugs: ["storefront"], creatable: {}, matchedGroups: ["storefront-devs"] }],
    ["a team the sign-in may create is named", ["data-devs", "storefront-devs"], { role: "developer", teamSlugs: ["data", "storefront"], creatable: { data: "Data Platform" }, matchedGroups: ["data-devs", "storefront-devs"] }],
    ["no mapped group refuses", ["marketing", "all-staff"], null],
    ["no groups at all refuses", [], null],
    ["group names are case-sensitive, as IdPs send them", ["Storefront-Devs"], null],
    ["inherited object keys are not groups", ["constructor", "__proto__", "toString"], null],
  ])("%s", (_name, groups, expected) => {
    expect(resolveGroups(groups, map)).toEqual(expected);
  });

  it("ranks every role, most privileged first", () => {
    expect(ROLE_PRECEDENCE).toEqual(["admin", "operator", "compliance", "developer"]);
  });
});

describe("groupsFromClaims", () => {
  it.each<[string, Record<string, unknown>, string, string[]]>([
    ["an array of names", { groups: ["a", "b"] }, "groups", ["a", "b"]],
    ["a single name as a string", { groups: "a" }, "groups", ["a"]],
    ["a custom claim name", { roles: ["a"], groups: ["b"] }, "roles", ["a"]],
    ["no such claim", { email: "x@y" }, "groups", []],
    ["non-string members are dropped", { groups: ["a", 1, { name: "b" }, null] }, "groups", ["a"]],
    ["an object is not a list", { groups: { a: true } }, "groups", []],
  ])("%s", (_name, claims, claim, expected) => {
    expect(groupsFromClaims(claims, claim)).toEqual(expected);
  });
});
