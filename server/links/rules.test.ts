import { describe, expect, it } from "vitest";
import type { Actor } from "@/server/identity/actor";
import type { Role } from "@/server/db/generated/enums";
import { canRequestLink, canRevokeLink, canSeeLink, decideRefusal } from "./rules";

// Who may decide, revoke and see a link, role by role, for a same-team and a cross-team link.

const person = (userId: string, role: Role, teamIds: string[] = []): Actor => ({ userId, email: `${userId}@test.local`, name: userId, role, teamIds });
const requester = person("requester", "developer", ["shop"]);
const sameTeam = { fromTeamId: "shop", toTeamId: "shop", requestedById: requester.userId };
const crossTeam = { fromTeamId: "shop", toTeamId: "pay", requestedById: requester.userId };

const people = {
  requester,
  teammate: person("teammate", "developer", ["shop"]),
  calleeDeveloper: person("callee-dev", "developer", ["pay"]),
  stranger: person("stranger", "developer", ["other"]),
  operator: person("operator", "operator"),
  admin: person("admin", "admin"),
  compliance: person("compliance", "compliance"),
};

describe("who decides a link", () => {
  it.each([
    // who, same-team link, cross-team link
    ["requester", false, false],
    ["teammate", true, false],
    ["calleeDeveloper", false, false],
    ["stranger", false, false],
    ["operator", true, true],
    ["admin", true, true],
    ["compliance", false, false],
  ] as const)("%s: same team %s, cross team %s", (who, same, cross) => {
    expect(decideRefusal(people[who], sameTeam) === null).toBe(same);
    expect(decideRefusal(people[who], crossTeam) === null).toBe(cross);
  });

  it("names four eyes when the requester tries, whatever their role", () => {
    expect(decideRefusal(person("requester", "operator"), sameTeam)).toMatch(/four eyes/);
  });
});

describe("who revokes and who sees a link", () => {
  it.each([
    // who, revokes cross-team, sees cross-team
    ["requester", true, true],
    ["teammate", true, true],
    ["calleeDeveloper", true, true],
    ["stranger", false, false],
    ["operator", true, true],
    ["admin", true, true],
    ["compliance", false, true],
  ] as const)("%s: revokes %s, sees %s", (who, revokes, sees) => {
    expect(canRevokeLink(people[who], crossTeam)).toBe(revokes);
    expect(canSeeLink(people[who], crossTeam)).toBe(sees);
  });

  it("lets only developers of the caller's team request", () => {
    expect([people.teammate, people.calleeDeveloper, people.operator, people.admin, people.compliance].map((p) => canRequestLink(p, "shop"))).toEqual([true, false, false, false, false]);
  });
});
