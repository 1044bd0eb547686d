import { expect, test } from "./fixtures/journey";
import { createApp } from "./apps";
import { signIn, snap } from "./sign-in";

const image = `registry.example.com/payments/settlement@sha256:${"e".repeat(64)}`;

test("a developer refused for a revoked image gets a break-glass override approved by an operator; the deploy runs under it, is judged again when it expires, and the compliance officer's report lists every step", async ({ browser, page }) => {
  // An override lasts at least a minute, and the journey waits for its expiry.
  test.setTimeout(300_000);
  await signIn(page, "dev@bulkhead.local");
  await createApp(page, "settlement", "Ubuntu 24.04 LTS");

  // IT operations revoke the image the app is built on.
  const operator = await browser.newPage();
  await signIn(operator, "ops@bulkhead.local");
  await operator.getByRole("link", { name: "Base images" }).click();
  const row = operator.getByRole("row").filter({ has: operator.getByText("Ubuntu 24.04 LTS", { exact: true }) });
  await row.getByRole("button", { name: "Revoke" }).click();
  const dialog = operator.getByRole("alertdialog");
  await dialog.getByLabel("Reason").fill("glibc flaw, patched image not yet published");
  await dialog.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText("revoked");

  // The developer's deploy is refused; in an emergency, they ask for an override naming that refusal.
  await page.getByRole("link", { name: "Deploy" }).click();
  await page.getByLabel("Target").selectOption({ label: "sandbox-cloud-run — Google Cloud Run" });
  await page.getByLabel("Image (pinned by digest)").fill(image);
  await page.getByRole("button", { name: "Preview plan" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Refused by policy" })).toContainText("Ubuntu 24.04 LTS is revoked");
  await page.getByRole("button", { name: "Request a break-glass override" }).click();
  const request = page.getByRole("form", { name: /Request a break-glass override of refusal \d+/ });
  await expect(request).toBeVisible();
  await request.getByLabel("Why is this needed now?").fill("Settlement batch is failing for every customer; this build has the fix");
  await request.getByLabel("For how long (minutes, at most 1440)").fill("1441");
  await request.getByRole("button", { name: "Request override" }).click();
  await expect(request.getByRole("alert")).toContainText("At most 24 hours");
  await request.getByLabel("For how long (minutes, at most 1440)").fill("1");
  await request.getByRole("button", { name: "Request override" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Override requested" })).toBeVisible();
  await snap(page, "break-glass-requested");

  // An operator approves it from the overview; the refused deploy runs at once.
  await operator.getByRole("link", { name: "Overview" }).click();
  const requests = operator.getByRole("table", { name: "Break-glass requests awaiting a decision" });
  const requested = requests.getByRole("row").filter({ hasText: "settlement on sandbox-cloud-run" });
  await expect(requested).toContainText("dev@bulkhead.local");
  await expect(requested).toContainText("Ubuntu 24.04 LTS is revoked");
  await snap(operator, "break-glass-awaiting-decision");
  await requested.getByRole("button", { name: "Approve" }).click();
  await operator.getByRole("alertdialog").getByRole("button", { name: "Approve and deploy" }).click();
  await expect(operator.getByRole("status", { name: "Break-glass override active" })).toContainText("settlement on sandbox-cloud-run");

  // The deployment runs, with the override shown on it and on the app.
  await page.goto("/apps");
  await page.getByRole("link", { name: "settlement" }).first().click();
  await expect(page.getByRole("status", { name: "Break-glass override active" })).toContainText("Waived: Base image Ubuntu 24.04 LTS is revoked");
  await page.getByRole("table", { name: "Deployments" }).getByRole("link").first().click();
  const banner = page.getByRole("status", { name: "Break-glass override active" });
  await expect(banner).toContainText("approved by ops@bulkhead.local");
  await expect(page.getByRole("status", { name: "Deployment status" })).toHaveText("Running", { timeout: 60_000 });
  await snap(page, "break-glass-deployment-running");

  // When it expires, the deployment is judged again: still refused, so it is flagged.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("alert", { name: "Break-glass override expired" })).toContainText("still refused", { timeout: 1_000 });
  }).toPass({ timeout: 150_000, intervals: [5_000] });
  await snap(page, "break-glass-expired-flagged");
  await operator.reload();
  await expect(operator.getByRole("list", { name: "Non-compliant deployments" })).toContainText("settlement on sandbox-cloud-run");
  await operator.close();

  // The compliance officer's report lists it, with every step in the trail.
  const compliance = await browser.newPage();
  await signIn(compliance, "audit@bulkhead.local");
  await compliance.getByRole("link", { name: "Break-glass overrides report" }).click();
  await compliance.getByRole("link", { name: "Expired" }).click();
  const reported = compliance.getByRole("table", { name: "Break-glass overrides" }).getByRole("row").filter({ hasText: "settlement on sandbox-cloud-run" });
  await expect(reported).toContainText("dev@bulkhead.local");
  await expect(reported).toContainText("approved by ops@bulkhead.local");
  await expect(reported).toContainText("judged again: still refused");
  await snap(compliance, "break-glass-report");
  await reported.getByRole("link", { name: "every step in the trail" }).click();
  const steps = compliance.getByRole("table", { name: "Audit events" });
  for (const action of ["break-glass.request", "break-glass.approve", "break-glass.use", "break-glass.expire"]) await expect(steps).toContainText(action);
  await expect(compliance.getByRole("list", { name: "Active filters" })).toContainText("Resource: break-glass-override settlement on sandbox-cloud-run");
  await snap(compliance, "break-glass-steps");
});
