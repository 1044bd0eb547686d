import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { runsOnCsv } from "./runs-on-csv";

const image = {
  id: "i1",
  name: "Red Hat UBI",
  version: "9.6",
  status: "deprecated" as const,
  endOfLife: new Date("2032-05-31T00:00:00Z"),
  successor: { name: "Red Hat UBI", version: "10.0" },
};

describe("what runs on what, as CSV", () => {
  it("writes a row per live deployment and one per image nothing runs on, which a CSV parser reads back", () => {
    const csv = runsOnCsv([
      { ...image, deployments: [{ id: "d1", status: "running", revision: 3, app: { id: "a1", name: "ledger" }, team: { id: "t1", name: 'Payments, "EU"' }, target: "sandbox-aws-ecs" }] },
      { ...image, id: "i2", version: "10.0", status: "approved", endOfLife: null, successor: null, deployments: [] },
    ]);
    expect(parse(csv, { columns: true })).toEqual([
      { base_image: "Red Hat UBI", version: "9.6", status: "deprecated", end_of_life: "2032-05-31", successor: "Red Hat UBI 10.0", team: 'Payments, "EU"', app: "ledger", target: "sandbox-aws-ecs", deployment_status: "running", revision: "3", deployment_id: "d1" },
      { base_image: "Red Hat UBI", version: "10.0", status: "approved", end_of_life: "", successor: "", team: "", app: "", target: "", deployment_status: "", revision: "", deployment_id: "" },
    ]);
  });

  it("defuses a cell a spreadsheet would run as a formula", () => {
    const team = (name: string) => ({ ...image, deployments: [{ id: "d", status: "running" as const, revision: 1, app: { id: "a", name: "app" }, team: { id: "t", name }, target: "t" }] });
    const teams = ["=HYPERLINK(\"http://evil\")", "+1", "-2", "@SUM(A1)", "\tx", "Payments"].map((name) => (parse(runsOnCsv([team(name)]), { columns: true }) as Record<string, string>[])[0].team);
    expect(teams).toEqual(["'=HYPERLINK(\"http://evil\")", "'+1", "'-2", "'@SUM(A1)", "'\tx", "Payments"]);
  });
});
