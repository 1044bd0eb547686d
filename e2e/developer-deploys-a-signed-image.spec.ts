import { buildDemoImages } from "../oci/build/demo-images";
import { expect, test, type Page } from "./fixtures/journey";
import { createApp } from "./apps";
import { signIn, snap } from "./sign-in";

// The sandbox registry (npm start: 127.0.0.1:PORT+1) holds team-a/shop:1.0, signed with the sandbox key the seed
// trusts platform-wide, and team-a/prototype:0.1, unsigned. Their digests depend only on that host.
const registry = `127.0.0.1:${Number(process.env.E2E_PORT ?? 3199) + 1}`;

/** Ticks or unticks "Internal" under "Signatures required for" on Policy, and saves after the confirmation. */
async function requireSignaturesForInternal(page: Page, required: boolean) {
  await page.goto("/policy");
  const form = page.getByRole("form", { name: "Image verification policy" });
  await form.getByRole("group", { name: "Signatures required for" }).getByLabel("Internal").setChecked(required);
  await form.getByRole("button", { name: "Save image verification" }).click();
  const saved = page.waitForResponse((response) => response.url().includes("policy.setPlatform") && response.ok());
  await page.getByRole("alertdialog", { name: "Save the image verification policy?" }).getByRole("button", { name: "Confirm and save" }).click();
  await saved;
}

// The journeys after this one deploy internal apps from registries the sandbox holds no credentials for: put the
// policy back whatever happens here.
test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  await signIn(page, "ops@bulkhead.local");
  await requireSignaturesForInternal(page, false);
  await page.close();
});

test("once internal apps need signed images, a signed image deploys and its revision names the key; an unsigned one is refused naming the keys tried", async ({ browser, page }) => {
  test.setTimeout(180_000);
  const demo = await buildDemoImages(registry);
  await signIn(page, "ops@bulkhead.local");
  await requireSignaturesForInternal(page, true);
  await expect(page.getByText("Image verification policy saved")).toBeVisible();

  const developer = await browser.newPage();
  await signIn(developer, "dev@bulkhead.local");
  await createApp(developer, "signed-shop");
  await developer.getByRole("link", { name: "Deploy" }).click();
  await developer.getByLabel("Target").selectOption({ label: "sandbox-cloud-run — Google Cloud Run" });

  // Unsigned: refused, naming the image and the keys tried.
  const prototype = `${registry}/team-a/prototype@${demo.prototype.root.digest}`;
  await developer.getByLabel("Image (pinned by digest)").fill(prototype);
  await developer.getByRole("button", { name: "Preview plan" }).click();
  const refusal = developer.getByRole("alert").filter({ hasText: "Refused by policy" });
  await expect(refusal).toContainText(`${prototype} carries no signature`);
  await expect(refusal).toContainText("keys tried: Sandbox demo images (Platform); internal apps need an image signed by a key the platform trusts");
  await expect(developer.getByRole("region", { name: "Image provenance" })).toContainText("No signature by a trusted key: no signature found; keys tried: Sandbox demo images (Platform).");
  await expect(developer.getByRole("button", { name: "Deploy", exact: true })).toBeDisabled();
  await snap(developer, "signature-refused");

  // Signed by the sandbox key as a Sigstore bundle: allowed, and the decision names the key.
  await developer.getByLabel("Image (pinned by digest)").fill(`${registry}/team-a/shop@${demo.app.root.digest}`);
  await developer.getByRole("button", { name: "Preview plan" }).click();
  await expect(developer.getByRole("region", { name: "Image provenance" })).toContainText(/Signed by Sandbox demo images \(Platform\), key [0-9a-f:]{23}, as a Sigstore bundle\./);
  await expect(developer.getByRole("alert").filter({ hasText: "Refused by policy" })).toHaveCount(0);
  await developer.getByRole("button", { name: "Deploy", exact: true }).click();
  await expect(developer.getByRole("status", { name: "Deployment status" })).toHaveText("Running", { timeout: 45_000 });
  await expect(developer.getByRole("table", { name: "Revisions" })).toContainText("signed by Sandbox demo images");
  await snap(developer, "signature-deployed");
  await developer.close();
});
