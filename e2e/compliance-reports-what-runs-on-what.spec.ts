import { readFile } from "node:fs/promises";
import { expect, test } from "./fixtures/journey";
import { createApp } from "./apps";
import { signIn, snap } from "./sign-in";

const image = `registry.example.com/payments/fx-rates@sha256:${"9".repeat(64)}`;

test("a compliance officer sees what runs on what and what is due a rebase, and downloads it as CSV", async ({ browser, page }) => {
  test.setTimeout(120_000);
  // A developer deploys an app on a deprecated base image.
  await signIn(page, "dev@bulkhead.local");
  await createApp(page, "fx-rates", "Red Hat UBI 8.10 (deprecated)");
  await page.getByRole("link", { name: "Deploy" }).click();
  await page.getByLabel("Target").selectOption({ label: "sandbox-cloud-run — Google Cloud Run" });
  await page.getByLabel("Image (pinned by digest)").fill(image);
  await page.getByRole("button", { name: "Preview plan" }).click();
  await page.getByRole("button", { name: "Deploy", exact: true }).click();
  await expect(page.getByRole("status", { name: "Deployment status" })).toHaveText("Running", { timeout: 45_000 });

  // The developer's own report lists it as due a rebase.
  await page.getByRole("link", { name: "Reports" }).click();
  await expect(page.getByRole("list", { name: "Rebase due for Payments" })).toContainText("fx-rates on sandbox-cloud-run: Red Hat UBI 8.10 is deprecated. Rebase onto Red Hat UBI 9.6 by 2029-05-31.");

  const officer = await browser.newPage();
  await signIn(officer, "audit@bulkhead.local");
  await officer.getByRole("link", { name: "Reports" }).click();
  await expect(officer.getByRole("heading", { name: "Rebase due", level: 1 })).toBeVisible();
  await expect(officer.getByRole("list", { name: "Rebase due for Payments" })).toContainText("fx-rates on sandbox-cloud-run");
  const row = officer.getByRole("table", { name: "What runs on what" }).getByRole("row").filter({ has: officer.getByText("Red Hat UBI 8.10", { exact: true }) });
  await expect(row).toContainText("deprecated");
  await expect(row).toContainText("fx-rates on sandbox-cloud-run");
  await expect(row).toContainText("(Payments, running, revision 1)");
  await snap(officer, "reports-what-runs-on-what");

  const [download] = await Promise.all([officer.waitForEvent("download"), officer.getByRole("link", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^what-runs-on-what-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile((await download.path())!, "utf8");
  expect(csv.split("\n")[0]).toBe("base_image,version,status,end_of_life,successor,team,app,target,deployment_status,revision,deployment_id");
  expect(csv).toMatch(/^Red Hat UBI,8\.10,deprecated,2029-05-31,Red Hat UBI 9\.6,Payments,fx-rates,sandbox-cloud-run,running,1,[0-9a-f-]{36}$/m);
});
