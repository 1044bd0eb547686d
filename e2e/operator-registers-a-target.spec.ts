import { expect, test } from "./fixtures/journey";
import { makeServiceAccount } from "../providers/gcp-cloud-run/oauth-emulator";
import { signIn, snap } from "./sign-in";

test("an operator registers a target; the form names bad fields and the key is never shown back", async ({ page }) => {
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
  await expect(page.getByText("Service account key is required")).toBeVisible();
  await snap(page, "target-form-errors");

  await page.getByLabel("Project id").fill("acme-prod-eu");
  // A key file as Google issues it; registering does not call the cloud ("Test connection" would).
  const { keyFile } = makeServiceAccount("acme-prod-eu", "deployer", "https://oauth2.googleapis.com/token");
  const privateKey = (JSON.parse(keyFile) as { private_key: string }).private_key.split("\n")[1];
  await page.getByLabel("Service account key (JSON)").fill(keyFile);
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
  await expect(row).toContainText("service account deployer@acme-prod-eu.iam.gserviceaccount.com");
  expect(await page.content()).not.toContain(privateKey);
  await snap(page, "targets");
});
