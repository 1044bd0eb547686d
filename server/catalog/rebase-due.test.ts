import { describe, expect, it } from "vitest";
import { rebaseDue } from "./rebase-due";

const now = new Date("2027-01-10T12:00:00Z");
const payments = { id: "t-payments", name: "Payments" };
const search = { id: "t-search", name: "Search" };
const running = (app: string, team: typeof payments, target: string) => ({ app: { id: `a-${app}`, name: app }, team, target });
const image = (name: string, status: "approved" | "deprecated" | "restricted" | "revoked", endOfLife: string | null, deployments: ReturnType<typeof running>[]) => ({
  name,
  version: "1",
  status,
  endOfLife: endOfLife ? new Date(`${endOfLife}T00:00:00Z`) : null,
  successor: { name: "Next", version: "2" },
  deployments,
});

describe("the rebase-due list", () => {
  it("lists, per team, the apps running on a retired image or one ending within 90 days, with why, onto what and by when", () => {
    const due = rebaseDue(
      [
        image("Fine", "approved", "2028-01-01", [running("ledger", payments, "aws")]),
        image("Ending", "approved", "2027-03-01", [running("ledger", payments, "gcp"), running("ledger", payments, "azure")]),
        image("Old", "restricted", null, [running("indexer", search, "aws")]),
        image("Gone", "revoked", "2026-12-01", [running("checkout", payments, "aws")]),
        image("Unused", "revoked", null, []),
      ],
      now,
    );
    expect(due).toEqual([
      {
        team: payments,
        apps: [
          { id: "a-checkout", name: "checkout", targets: ["aws"], image: "Gone 1", why: "revoked; its end of life has passed", endOfLife: new Date("2026-12-01T00:00:00Z"), rebaseOnto: "Next 2" },
          { id: "a-ledger", name: "ledger", targets: ["gcp", "azure"], image: "Ending 1", why: "its end of life is in 50 days", endOfLife: new Date("2027-03-01T00:00:00Z"), rebaseOnto: "Next 2" },
        ],
      },
      { team: search, apps: [{ id: "a-indexer", name: "indexer", targets: ["aws"], image: "Old 1", why: "restricted", endOfLife: null, rebaseOnto: "Next 2" }] },
    ]);
  });

  it("is empty when everything runs on approved images far from their end of life", () => {
    expect(rebaseDue([image("Fine", "approved", "2028-01-01", [running("ledger", payments, "aws")]), image("Undated", "approved", null, [running("web", search, "gcp")])], now)).toEqual([]);
  });
});
