import { describe, expect, it } from "vitest";
import { auditGetInput, auditListInput, auditVerifyInput } from "./schemas";

const fieldsOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => result.error?.issues.map((issue) => issue.path.join(".")) ?? [];

describe("audit filters keep to what Postgres can hold", () => {
  it("refuses a sequence number beyond a bigint, naming the field, instead of failing in the database", () => {
    expect(fieldsOf(auditListInput.safeParse({ cursor: "99999999999999999999" }))).toEqual(["cursor"]);
    expect(fieldsOf(auditGetInput.safeParse({ sequence: "9223372036854775808" }))).toEqual(["sequence"]);
    expect(auditGetInput.safeParse({ sequence: "9223372036854775807" }).success).toBe(true);
    expect(fieldsOf(auditVerifyInput.safeParse({ to: "1".repeat(30) }))).toEqual(["to"]);
  });

  it("says a malformed sequence number is malformed, without throwing", () => {
    expect(fieldsOf(auditListInput.safeParse({ cursor: "12a" }))).toEqual(["cursor"]);
    // Found by the hostile-input property test: the range check used to run BigInt(":") and throw.
    expect(fieldsOf(auditVerifyInput.safeParse({ from: ":", to: "6" }))).toEqual(["from"]);
    expect(fieldsOf(auditVerifyInput.safeParse({ from: "7", to: "6" }))).toEqual(["to"]);
  });

  it("refuses dates Postgres cannot store (before year 1) or the trail cannot hold (before 1970)", () => {
    expect(fieldsOf(auditListInput.safeParse({ from: new Date("0000-12-31T23:59:59.999Z") }))).toEqual(["from"]);
    expect(fieldsOf(auditListInput.safeParse({ to: new Date(-8.64e15) }))).toEqual(["to"]);
    expect(auditListInput.safeParse({ from: new Date("2026-01-01T00:00:00Z"), to: new Date("2026-02-01T00:00:00Z") }).success).toBe(true);
  });
});
