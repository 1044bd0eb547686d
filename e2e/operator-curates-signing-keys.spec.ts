import { generateKeyPairSync } from "node:crypto";
import { expect, test, type Page } from "./fixtures/journey";
import { createApp } from "./apps";
import { signIn, snap } from "./sign-in";

const pem = (type: "ec" | "rsa") =>
  (type === "ec" ? generateKeyPairSync("ec", { namedCurve: "P-256" }) : generateKeyPairSync("rsa", { modulusLength: 2048 })).publicKey.export({ type: "spki", format: "pem" }).toString();

/** Sets who may change an app's data classification on Policy, and saves after the confirmation. */
async function classificationChangesBy(page: Page, who: "IT operations only" | "The app's team") {
  await page.goto("/policy");
  const form = page.getByRole("form", { name: "Image verification policy" });
  await form.getByLabel("Who may change an app's data classification").selectOption({ label: who });
  await form.getByRole("button", { name: "Save image verification" }).click();
  const saved = page.waitForResponse((response) => response.url().includes("policy.setPlatform") && response.ok());
  await page.getByRole("alertdialog", { name: "Save the image verification policy?" }).getByRole("button", { name: "Confirm and save" }).click();
  await saved;
}

test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  await signIn(page, "ops@bulkhead.local");
  await classificationChangesBy(page, "The app's team");
  await page.close();
});

test("an operator trusts a team's signing key and removes it, an RSA key is refused; with classification changes kept to IT operations, a developer cannot change one and an operator does, with a reason", async ({ browser, page }) => {
  test.setTimeout(180_000);
  await signIn(page, "ops@bulkhead.local");
  await page.goto("/signing-keys");
  await expect(page).toHaveTitle(/Signing keys/);
  const keys = page.getByRole("table", { name: "Trusted signing keys" });
  await expect(keys).toContainText("Sandbox demo images");

  const form = page.getByRole("form", { name: "Trusted signing key form" });
  await form.getByLabel("Trusted for").selectOption({ label: "Payments" });
  await form.getByLabel("Name").fill("Payments CI");
  await form.getByLabel("Public key (PEM)").fill(pem("rsa"));
  await form.getByRole("button", { name: "Trust this key" }).click();
  await expect(form.getByText("Bulkhead verifies ECDSA P-256 keys (what cosign generate-key-pair makes); this is an RSA key")).toBeVisible();
  await expect(keys).not.toContainText("Payments CI");

  await form.getByLabel("Public key (PEM)").fill(pem("ec"));
  await form.getByRole("button", { name: "Trust this key" }).click();
  await expect(page.getByText("Payments CI is trusted for Payments")).toBeVisible();
  const row = keys.getByRole("row").filter({ hasText: "Payments CI" });
  await expect(row).toContainText(/Payments\s*Payments CI\s*[0-9a-f:]{23}/);
  await snap(page, "signing-key-added");

  const developer = await browser.newPage();
  await signIn(developer, "dev@bulkhead.local");
  await developer.goto("/signing-keys");
  await expect(developer.getByRole("table", { name: "Trusted signing keys" })).toContainText("Payments CI");
  await expect(developer.getByRole("form", { name: "Trusted signing key form" })).toHaveCount(0);
  await expect(developer.getByRole("button", { name: /^Remove/ })).toHaveCount(0);

  await row.getByRole("button", { name: "Remove Payments CI (Payments)" }).click();
  await page.getByRole("alertdialog", { name: "Stop trusting Payments CI?" }).getByRole("button", { name: "Remove key" }).click();
  await expect(page.getByText("Payments CI is no longer trusted")).toBeVisible();
  await expect(keys).not.toContainText("Payments CI");

  // Classification changes kept to IT operations.
  await createApp(developer, "classified-app");
  await classificationChangesBy(page, "IT operations only");
  await expect(page.getByText("Image verification policy saved")).toBeVisible();
  await developer.reload();
  const classification = developer.locator("#classification");
  await expect(classification).toHaveAttribute("readonly", "");
  await expect(classification).toHaveValue("Internal");
  await expect(developer.getByText("Only IT operations change this app's data classification (platform policy).")).toBeVisible();

  await page.goto(developer.url());
  const reclassify = page.getByRole("form", { name: "Data classification form" });
  await reclassify.getByLabel("Data classification").selectOption({ label: "Public" });
  await reclassify.getByRole("button", { name: "Change classification" }).click();
  await expect(reclassify.getByText("Say why the classification changes")).toBeVisible();
  await reclassify.getByLabel("Reason").fill("publishes only the public price list");
  await reclassify.getByRole("button", { name: "Change classification" }).click();
  await expect(page.getByText("classified-app is now Public")).toBeVisible();
  await developer.reload();
  await expect(developer.locator("#classification")).toHaveValue("Public");
  await snap(page, "classification-changed");
  await developer.close();
});
