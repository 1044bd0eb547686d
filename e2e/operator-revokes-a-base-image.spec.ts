import { expect, test } from "./fixtures/journey";
import { createApp } from "./apps";
import { signIn, snap } from "./sign-in";

const image = `registry.example.com/payments/java-batch@sha256:${"c".repeat(64)}`;

test("the operator revokes a base image; the developer's deploy on it is refused naming the successor, and the refusal is audited", async ({ browser, page }) => {
  test.setTimeout(120_000);
  await signIn(page, "dev@bulkhead.local");
  await createApp(page, "java-batch", "OpenJDK runtime on UBI 9 17");
  await page.getByRole("link", { name: "Deploy" }).click();
  await page.getByLabel("Target").selectOption({ label: "sandbox-cloud-run — Google Cloud Run" });
  await page.getByLabel("Image (pinned by digest)").fill(image);
  await page.getByRole("button", { name: "Preview plan" }).click();
  await expect(page.getByRole("table", { name: "Policy enforcement" })).toContainText("Runs as a non-root user");

  // Meanwhile IT operations revoke the image the app is built on.
  const operator = await browser.newPage();
  await signIn(operator, "ops@bulkhead.local");
  await operator.getByRole("link", { name: "Base images" }).click();
  const row = operator.getByRole("row").filter({ hasText: "OpenJDK runtime on UBI 9 17" });
  await expect(row).toContainText("java-batch");
  await row.getByRole("button", { name: "Revoke" }).click();
  const dialog = operator.getByRole("alertdialog");
  // Before confirming, the dialog names what the revocation touches.
  await expect(dialog.getByRole("list", { name: "Apps this affects" })).toContainText("java-batch");
  await dialog.getByLabel("Successor").selectOption({ label: "OpenJDK runtime on UBI 9 21" });
  await dialog.getByLabel("Reason").fill("CVE in the bundled JDK");
  await dialog.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText("revoked");
  await snap(operator, "catalog-revoked");
  await operator.close();

  await page.getByRole("button", { name: "Deploy", exact: true }).click();
  await expect(page.getByText("OpenJDK runtime on UBI 9 17 is revoked: rebase onto its successor OpenJDK runtime on UBI 9 21")).toBeVisible();
  await snap(page, "deploy-refused-revoked");
  await page.getByRole("button", { name: "Preview plan" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Refused by policy" })).toContainText("OpenJDK runtime on UBI 9 21");
  await expect(page.getByRole("button", { name: "Deploy", exact: true })).toBeDisabled();

  const compliance = await browser.newPage();
  await signIn(compliance, "audit@bulkhead.local");
  await compliance.getByLabel("Outcome").selectOption("denied");
  await compliance.getByRole("button", { name: "Filter" }).click();
  await expect(compliance.getByRole("table", { name: "Audit events" }).getByRole("row").filter({ hasText: "deployment.deploy" }).first()).toContainText("dev@bulkhead.local");
});
