import { expect, test, type Page } from "./fixtures/journey";
import { createApp } from "./apps";
import { signIn, snap } from "./sign-in";

const image = (hex: string) => `registry.example.com/orders/liberty-orders@sha256:${hex.repeat(64)}`;
const base = "WebSphere Liberty 25.0.0.6";

async function waitForRunning(page: Page, revision: number) {
  await expect(page.getByRole("status", { name: "Deployment status" })).toHaveText("Running", { timeout: 45_000 });
  await expect(page.getByText(`Running revision ${revision} ·`)).toBeVisible({ timeout: 45_000 });
}

test("an operator restricts a base image: the deployment on it redeploys with a warning, a new target and a new app on it are refused", async ({ browser, page }) => {
  test.setTimeout(180_000);
  await signIn(page, "dev@bulkhead.local");
  await createApp(page, "liberty-orders", base);
  const appPage = page.url();
  await page.getByRole("link", { name: "Deploy" }).click();
  await page.getByLabel("Target").selectOption({ label: "sandbox-cloud-run — Google Cloud Run" });
  await page.getByLabel("Image (pinned by digest)").fill(image("1"));
  await page.getByRole("button", { name: "Preview plan" }).click();
  await page.getByRole("button", { name: "Deploy", exact: true }).click();
  await waitForRunning(page, 1);
  const deploymentPage = page.url();

  // IT operations restrict the image; the confirmation says what that means and which apps it touches.
  const operator = await browser.newPage();
  await signIn(operator, "ops@bulkhead.local");
  await operator.getByRole("link", { name: "Base images" }).click();
  const row = operator.getByRole("row").filter({ has: operator.getByText(base, { exact: true }) });
  await row.getByRole("button", { name: "Restrict" }).click();
  const dialog = operator.getByRole("alertdialog");
  await expect(dialog).toContainText("Deployments already on it may still redeploy");
  await expect(dialog.getByRole("list", { name: "Apps this affects" })).toContainText("liberty-orders (Payments): sandbox-cloud-run (running)");
  await dialog.getByLabel("Reason").fill("Liberty 25.0.0.6 leaves support; rebase by the end of the quarter");
  await dialog.getByRole("button", { name: "Restrict" }).click();
  await expect(row.getByRole("cell").nth(1)).toContainText("restricted");
  await snap(operator, "catalog-restricted");
  await operator.close();

  // What runs on it may redeploy, with a warning naming the restriction.
  await page.goto(deploymentPage);
  await page.getByRole("link", { name: "Redeploy" }).click();
  await page.getByLabel("Image (pinned by digest)").fill(image("2"));
  await page.getByRole("button", { name: "Preview plan" }).click();
  await expect(page.getByLabel("Policy verdict")).toHaveText("Allowed with warnings");
  await expect(page.getByRole("list", { name: "Policy warnings" })).toContainText(`Base image ${base} is restricted`);
  await page.getByRole("button", { name: "Deploy", exact: true }).click();
  await waitForRunning(page, 2);
  await snap(page, "restricted-redeployed");

  // The same app on a target it is not on yet is refused, and the app's page says why.
  await page.goto(appPage);
  await expect(page.getByRole("note").filter({ hasText: `${base} is restricted` })).toContainText("no new app, and no deploy to a new target");
  await page.getByRole("link", { name: "Deploy" }).click();
  await page.getByLabel("Target").selectOption({ label: "sandbox-aws-ecs — AWS ECS (Fargate)" });
  await page.getByLabel("Image (pinned by digest)").fill(image("2"));
  await page.getByRole("button", { name: "Preview plan" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Refused by policy" })).toContainText(`${base} is restricted: deployments already on it may redeploy, nothing new may be placed on it`);
  await expect(page.getByRole("button", { name: "Deploy", exact: true })).toBeDisabled();
  await snap(page, "restricted-new-target-refused");

  // A new app cannot be built on it: the form does not offer it.
  await page.goto("/apps");
  await page.getByRole("link", { name: "New app" }).click();
  await expect(page.getByLabel("Base image").locator("option", { hasText: "WebSphere Liberty 23.0.0.3" })).toHaveCount(0);
  await expect(page.getByLabel("Base image").locator("option", { hasText: base })).toHaveCount(0);
  await expect(page.getByLabel("Base image").locator("option", { hasText: "Red Hat UBI 9.6" })).toHaveCount(1);
});
