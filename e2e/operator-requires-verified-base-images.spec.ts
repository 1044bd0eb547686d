import { expect, test, type Page } from "./fixtures/journey";
import { createApp } from "./apps";
import { signIn, snap } from "./sign-in";

async function setRule(page: Page, rule: "Refuse the deploy" | "Warn, and judge the base the app declares") {
  await page.goto("/policy");
  const form = page.getByRole("form", { name: "Image verification policy" });
  await form.getByLabel("Images on no verified catalog base").selectOption({ label: rule });
  await form.getByRole("button", { name: "Save image verification" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Save the image verification policy?" });
  await expect(confirm).toBeVisible();
  return confirm;
}

// The journeys after this one deploy images from registries the sandbox holds no credentials for: put the rule back
// whatever happens here.
test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  await signIn(page, "ops@bulkhead.local");
  const saved = page.waitForResponse((response) => response.url().includes("policy.setPlatform") && response.ok());
  await (await setRule(page, "Warn, and judge the base the app declares")).getByRole("button", { name: "Confirm and save" }).click();
  await saved;
  await page.close();
});

test("an operator refuses images on no verified catalog base: a developer's image from a registry the team holds no credentials for is refused, saying why", async ({ browser, page }) => {
  await signIn(page, "ops@bulkhead.local");
  const confirm = await setRule(page, "Refuse the deploy");
  await snap(page, "image-verification-impact");
  await confirm.getByRole("button", { name: /Confirm and save/ }).click();
  await expect(page.getByText("Image verification policy saved")).toBeVisible();
  await expect(page.getByRole("form", { name: "Image verification policy" }).getByLabel("Images on no verified catalog base")).toHaveValue("refuse");

  const developer = await browser.newPage();
  await signIn(developer, "dev@bulkhead.local");
  await createApp(developer, "unverified-shop");
  await developer.getByRole("link", { name: "Deploy" }).click();
  await developer.getByLabel("Target").selectOption({ label: "sandbox-cloud-run — Google Cloud Run" });
  await developer.getByLabel("Image (pinned by digest)").fill(`registry.example.com/payments/unverified@sha256:${"7".repeat(64)}`);
  await developer.getByRole("button", { name: "Preview plan" }).click();
  await expect(developer.getByRole("alert").filter({ hasText: "Refused by policy" })).toContainText(
    "Bulkhead could not check what the image is built on: the team holds no credentials for its registry (add them on Registries); the platform refuses images on no verified catalog base",
  );
  await expect(developer.getByRole("region", { name: "Image provenance" })).toContainText("Not resolved: the team holds no credentials for this image's registry");
  await expect(developer.getByRole("button", { name: "Deploy", exact: true })).toBeDisabled();
  await snap(developer, "image-verification-refused");
  await developer.close();
});
