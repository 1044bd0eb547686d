import { describe, expect, it } from "vitest";
import { nodeVersionProblem, SUPPORTED_NODE_MAJOR } from "./supported-node";

describe("nodeVersionProblem", () => {
  it("takes the major from package.json's engines", () => {
    expect(SUPPORTED_NODE_MAJOR).toBe(24);
  });

  it("accepts any release of that major", () => {
    expect(nodeVersionProblem("v24.0.0")).toBeNull();
    expect(nodeVersionProblem("v24.21.0")).toBeNull();
  });

  it("refuses other majors in one line that names both versions and how to start", () => {
    for (const version of ["v20.20.2", "v22.12.0", "v25.1.0", "v2.4.0"]) {
      const problem = nodeVersionProblem(version);
      expect(problem).toContain(`this is Node.js ${version}`);
      expect(problem).toContain("Node.js 24");
      expect(problem).toContain("npm start");
      expect(problem).not.toContain("\n");
    }
  });
});
