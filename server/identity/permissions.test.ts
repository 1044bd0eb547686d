import { describe, expect, it } from "vitest";
import type { Role } from "@/server/db/generated/enums";
import type { Actor } from "./actor";
import { canReadTeam, canWriteTeamApps, readableTeamIds } from "./permissions";

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
