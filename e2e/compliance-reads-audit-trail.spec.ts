import { execFileSync } from "node:child_process";
import { expect, test, type Download } from "./fixtures/journey";
import { signIn, snap } from "./sign-in";

// A long journey (two people, a background verification, an export checked offline) on a shared, busy machine.
test.describe.configure({ timeout: 120_000 });

test("the compliance officer filters the trail, reads a diff, follows a resource's timeline, verifies the chain in the background and exports", async ({ browser, page }) => {
  const developer = await browser.newPage();
  await signIn(developer, "dev@bulkhead.local");
  await developer.goto("/apps/new");
  await developer.getByLabel("Name").fill("audit-probe");
  await developer.getByLabel("Description").fill("first words");
  await developer.getByLabel("Base image").selectOption({ label: "Red Hat UBI 9.6" });
  await developer.getByRole("button", { name: "Create app" }).click();
  await expect(developer.getByRole("heading", { name: "audit-probe" })).toBeVisible();
  await developer.getByLabel("Description").fill("second words");
  await developer.getByRole("button", { name: "Save changes" }).click();
  await expect(developer.getByText("second words").first()).toBeVisible();
  // A developer calling a compliance-only procedure is refused, and the refusal is recorded.
  const refused = await developer.request.get("/api/trpc/audit.list?input=" + encodeURIComponent(JSON.stringify({ json: {} })));
  expect(refused.status()).toBe(403);
  await developer.close();

  await signIn(page, "audit@bulkhead.local");
  const events = page.getByRole("table", { name: "Audit events" });
  await expect(events.getByRole("row").filter({ hasText: "app.update" }).first()).toContainText("dev@bulkhead.local");
  await expect(events.getByRole("row").filter({ hasText: "audit.list" }).first()).toContainText("denied");
  await snap(page, "audit-trail");

  await page.getByLabel("Outcome").selectOption("denied");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/outcome=denied/);
  const rows = events.getByRole("rowgroup").nth(1).getByRole("row");
  await expect(rows.first()).toBeVisible();
  for (const text of await rows.allInnerTexts()) expect(text).toContain("denied");
  await snap(page, "audit-filtered-denied");

  await page.getByRole("link", { name: "Clear" }).click();
  const update = events.getByRole("row").filter({ hasText: "app.update" }).first();
  await update.getByRole("link", { name: /^Event \d+$/ }).click();
  const changes = page.getByRole("table", { name: "Changes" });
  await expect(changes.getByRole("row").filter({ hasText: "description" })).toContainText("first words");
  await expect(changes.getByRole("row").filter({ hasText: "description" })).toContainText("second words");
  await snap(page, "audit-event-diff");

  await page.getByRole("link", { name: /Timeline of this app/ }).click();
  await expect(page.getByRole("heading", { name: /Timeline of app/ })).toBeVisible();
  await expect(events).toContainText("app.create");
  await expect(events).toContainText("app.update");
  await snap(page, "audit-resource-timeline");

  // Verification runs as a background job: a progress bar first, then the result, with the head's hash.
  await page.getByLabel("To event #").fill("1");
  await page.getByLabel("From event #").fill("5");
  await page.getByRole("button", { name: "Verify the chain" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "To: must not be before the start" })).toBeVisible();
  await page.getByLabel("From event #").fill("");
  await page.getByLabel("To event #").fill("");
  await page.getByRole("button", { name: "Verify the chain" }).click();
  await expect(page.getByRole("progressbar", { name: "Verification progress" })).toBeVisible();
  await snap(page, "audit-verify-progress");
  const verdict = page.getByRole("status").filter({ hasText: "Intact" });
  await expect(verdict).toBeVisible({ timeout: 30_000 });
  await expect(verdict).toContainText(/Intact: \d+ events \(events 1–\d+\) and \d+ signed checkpoints verified\s*· head #\d+ [0-9a-f]{16}…/);
  await expect(page.getByRole("progressbar")).toHaveCount(0);
  await snap(page, "audit-verify-result");

  // Export what the filters select (here: this app's timeline), then check the files offline.
  const downloads: Download[] = [];
  page.on("download", (download) => downloads.push(download));
  await page.getByRole("button", { name: "Export CSV" }).click();
  await expect(page.getByRole("status", { name: "Export progress" })).toContainText("with its signed manifest");
  // The export's inclusion proofs follow at once when a witnessed checkpoint already covers it (the checkpointer runs
  // every minute, so a slow run gets there), and are offered for later otherwise: wait for one or the other.
  const proofsLater = page.getByRole("button", { name: "Download proofs" });
  await expect.poll(async () => downloads.length === 3 || (downloads.length === 2 && (await proofsLater.isVisible()))).toBe(true);
  const [file, manifest] = ["e2e/artifacts/exports/timeline.csv", "e2e/artifacts/exports/timeline.manifest.json"];
  await downloads[0].saveAs(file);
  await downloads[1].saveAs(manifest);
  expect(downloads[0].suggestedFilename()).toMatch(/\.csv$/);
  expect(downloads[1].suggestedFilename()).toMatch(/\.manifest\.json$/);
  if (downloads[2]) expect(downloads[2].suggestedFilename()).toMatch(/\.proofs\.ndjson$/);
  const offline = execFileSync(process.execPath, ["--import", "tsx", "scripts/audit-verify-export.ts", file, manifest], { encoding: "utf8" });
  expect(offline).toMatch(/accepted|verified|ok/i);
  await snap(page, "audit-exported");

  // Read-only: no way to change or delete events from these pages.
  await expect(page.getByRole("button", { name: /delete|edit/i })).toHaveCount(0);
});
