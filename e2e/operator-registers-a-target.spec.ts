import { expect, test } from "@playwright/test";
import { signIn, snap } from "./sign-in";

test("an operator registers a target; the form names bad fields and the secret is never shown back", async ({ page }) => {
  await signIn(page, "ops@bulkhead.local");
  await page.getByRole("link", { name: "Targets" }).click();
  await expect(page.getByRole("table", { name: "Targets" })).toContainText("sandbox-aws-ecs");
  await page.getByRole("link", { name: "Register target" }).click();

  await page.getByLabel("Provider").selectOption("gcp-cloud-run");
  await page.getByLabel("Name").fill("prod-run-eu");
  await page.getByLabel("Region").fill("europe-west4");
  await page.getByLabel("Project id").fill("Bad_Project");
  await page.getByRole("button", { name: "Register target" }).click();
  await expect(page.getByText("Project id: 6–30 lowercase letters, digits, hyphens")).toBeVisible();
  await expect(page.getByText("Access token is required")).toBeVisible();
  await snap(page, "target-form-errors");

  await page.getByLabel("Project id").fill("acme-prod-eu");
  await page.getByLabel("Access token").fill("ya29.planted-e2e-secret-token");
  await page.getByLabel("Labels").fill("residency=eu\nzone=private");
  await page.getByLabel("Load balancer SSL policy").fill("acme-modern-tls13");
  await page.getByLabel("SSL policy minimum TLS version").selectOption("1.3");
  await page.getByLabel("The load balancer redirects HTTP to HTTPS").check();
  await page.getByRole("button", { name: "Register target" }).click();

  await expect(page).toHaveURL(/\/targets$/);
  const row = page.getByRole("row").filter({ hasText: "prod-run-eu" });
  await expect(row).toContainText("Google Cloud Run");
  await expect(row).toContainText("residency=eu");
  await expect(row).toContainText("load balancer acme-modern-tls13 (TLS 1.3+, HTTP redirects)");
  expect(await page.content()).not.toContain("planted-e2e-secret-token");
  await snap(page, "targets");
});
