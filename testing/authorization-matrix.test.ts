import { describe, expect, it } from "vitest";
import { authorizationMatrix, expectedOutcome, matrixProblems } from "./authorization-matrix";

const paths = Object.keys(authorizationMatrix);

describe("matrixProblems", () => {
  it("finds nothing when every procedure has its entry", () => {
    expect(matrixProblems(paths, authorizationMatrix)).toEqual([]);
  });

  it.each(paths)("names %s when its entry is removed", (removed) => {
    const { [removed]: _gone, ...rest } = authorizationMatrix as Record<string, (typeof authorizationMatrix)[keyof typeof authorizationMatrix]>;
    expect(matrixProblems(paths, rest)).toEqual([`procedure ${removed} has no entry in testing/authorization-matrix.ts`]);
  });

  it("names an entry whose procedure is gone from the router", () => {
    expect(matrixProblems(paths.filter((path) => path !== "apps.get"), authorizationMatrix)).toEqual(["matrix entry apps.get names no procedure of the router"]);
  });
});

describe("expectedOutcome", () => {
  it("reads own and foreign apart for team resources, and the same rule for both otherwise", () => {
    expect(expectedOutcome(authorizationMatrix["apps.get"], "developer", "own")).toBe("allowed");
    expect(expectedOutcome(authorizationMatrix["apps.get"], "developer", "foreign")).toBe("not-found");
    expect(expectedOutcome(authorizationMatrix["apps.update"], "operator", "foreign")).toBe("forbidden");
    expect(expectedOutcome(authorizationMatrix["audit.list"], "compliance", "own")).toBe("allowed");
  });
});
