import { expect, it } from "vitest";
import { updateBaseImageInput } from "./schemas";

const id = "7f1c0c2e-9a4b-4d6e-8f00-0123456789ab";

it("refuses an end of life in year 0, which Postgres cannot store, naming the field", () => {
  const result = updateBaseImageInput.safeParse({ id, endOfLife: "0000-01-01" });
  expect(result.error?.issues.map((issue) => issue.path.join("."))).toEqual(["endOfLife"]);
  expect(updateBaseImageInput.safeParse({ id, endOfLife: "2032-05-31" }).success).toBe(true);
  expect(updateBaseImageInput.parse({ id, endOfLife: "" }).endOfLife).toBeNull();
});
