import { describe, expect, it } from "vitest";
import { z } from "zod";
import { storedResourceRef, storedSpec } from "@/server/deployments/stored";
import { parseColumn, StoredJsonError } from "./json-column";

describe("a JSON column read from the database", () => {
  it("is answered parsed when it has its shape", () => {
    expect(parseColumn(z.object({ n: z.number() }), { n: 1 }, { model: "M", id: "r1", field: "f" })).toEqual({ n: 1 });
    expect(storedResourceRef({ id: "d1", resourceRef: { kind: "aws-ecs", id: "arn:x", name: "web" } })).toEqual({ kind: "aws-ecs", id: "arn:x", name: "web" });
    expect(storedResourceRef({ id: "d1", resourceRef: null })).toBeNull();
  });

  it("throws naming the model, the row, the column and what is wrong, when it has not", () => {
    const error = (() => {
      try {
        storedSpec({ name: "web", image: 42 }, { deploymentId: "d-7", number: 3 });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(StoredJsonError);
    expect(String(error)).toMatch(/^StoredJsonError: DeploymentRevision d-7 revision 3: column spec does not hold what it should:/);
    expect(String(error)).toMatch(/image/);
    expect(() => storedResourceRef({ id: "d-8", resourceRef: { kind: "elsewhere" } })).toThrow(/Deployment d-8: column resourceRef/);
  });
});
