import { describe, expect, it } from "vitest";
import type { Role } from "@/server/db/generated/enums";
import type { Actor } from "./actor";
import { canCreateApps, canDo, canReadTeam, canWriteTeamApps, PLATFORM_ABILITIES, platformCan, readableTeamIds, readsEveryTeam, type PlatformAbility } from "./permissions";

const actor = (role: Role, teamIds: string[] = ["own"]): Actor => ({ userId: "u", email: "u@x", name: "U", role, teamIds });

describe("team permissions", () => {
  it.each<[Role, string, boolean, boolean]>([
    ["developer", "own", true, true],
    ["developer", "foreign", false, false],
    ["operator", "foreign", true, false],
    ["compliance", "foreign", true, false],
    ["admin", "foreign", true, false],
  ])("%s on %s team: read=%s write=%s", (role, team, read, write) => {
    expect(canReadTeam(actor(role), team)).toBe(read);
    expect(canWriteTeamApps(actor(role), team)).toBe(write);
  });

  it("limits developers' lists to their teams and lets platform roles see all", () => {
    expect(readableTeamIds(actor("developer", ["a", "b"]))).toEqual(["a", "b"]);
    expect(readableTeamIds(actor("operator"))).toBeUndefined();
  });
});

describe("platform abilities and the can flags identity.me answers", () => {
  it.each<[Role, string[]]>([
    ["developer", []],
    ["operator", ["curateCatalog", "curateSigningKeys", "reclassifyApps", "seeCatalogImpact", "readPolicy", "editPolicy", "manageTargets", "seeTargetConnections"]],
    ["compliance", ["seeCatalogImpact", "readPolicy", "seeTargetConnections", "readAudit", "exportAudit"]],
    ["admin", ["seeCatalogImpact", "readPolicy", "seeTargetConnections", "readAudit", "administer"]],
  ])("a %s may %j on the platform", (role, abilities) => {
    for (const ability of Object.keys(PLATFORM_ABILITIES) as PlatformAbility[]) expect(canDo(actor(role), ability), ability).toBe(abilities.includes(ability));
  });

  it("answers canDo for every ability, and the team-scoped flags from the team rules", () => {
    for (const role of ["developer", "operator", "compliance", "admin"] as const) {
      const can = platformCan(actor(role, ["own"]));
      for (const ability of Object.keys(PLATFORM_ABILITIES) as PlatformAbility[]) expect(can[ability], `${role} ${ability}`).toBe(canDo(actor(role), ability));
      expect(can.createApps).toBe(canWriteTeamApps(actor(role, ["own"]), "own"));
      expect(can.readEveryTeam).toBe(readableTeamIds(actor(role)) === undefined);
    }
  });

  it("lets only a developer with a team create apps, and shows only the platform roles every team", () => {
    expect(canCreateApps(actor("developer", ["a"]))).toBe(true);
    expect(canCreateApps(actor("developer", []))).toBe(false);
    expect(canCreateApps(actor("operator", ["a"]))).toBe(false);
    expect(readsEveryTeam(actor("developer", ["a"]))).toBe(false);
    expect(readsEveryTeam(actor("compliance", []))).toBe(true);
  });
});
