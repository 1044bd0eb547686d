import { expect, test } from "./fixtures/journey";
import { signIn, snap } from "./sign-in";

test("the operator raises the platform's encryption policy; a team override that would loosen it is refused, a stricter one is kept", async ({ page }) => {
  await signIn(page, "ops@bulkhead.local");
  await page.getByRole("link", { name: "Policy" }).click();
  await page.getByRole("form", { name: "Platform encryption policy" }).getByLabel("Ingress TLS required").check();
  await page.getByRole("button", { name: "Save encryption policy" }).click();
  // Before saving, what the new policy would flag among the live deployments.
  const confirm = page.getByRole("alertdialog", { name: "Save the encryption policy?" });
  await expect(confirm).toBeVisible();
  await snap(page, "policy-impact-before-saving");
  await confirm.getByRole("button", { name: "Confirm and save" }).click();
  await expect(page.getByText("Platform encryption policy saved")).toBeVisible();

  await page.getByRole("form", { name: "Team override" }).getByLabel("Team", { exact: true }).selectOption({ label: "Payments" });
  await page.getByRole("form", { name: "Team override" }).getByLabel("Ingress TLS required").selectOption("false");
  await page.getByRole("button", { name: "Save team override" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "The platform requires ingressTlsRequired; a team override may only tighten the policy" })).toBeVisible();
  await snap(page, "policy-override-refused");

  await page.getByRole("form", { name: "Team override" }).getByLabel("Ingress TLS required").selectOption("");
  await page.getByRole("form", { name: "Team override" }).getByLabel("Minimum TLS version").selectOption("1.3");
  await page.getByRole("button", { name: "Save team override" }).click();
  // Before saving, what the override would flag among the team's live deployments.
  await page.getByRole("alertdialog", { name: "Save the team override?" }).getByRole("button", { name: "Confirm and save" }).click();
  await expect(page.getByRole("list", { name: "Team overrides" })).toContainText("Payments: minTlsVersion = 1.3");
  await snap(page, "policy-override-saved");

  // Leave the sandbox's platform policy as it was, for the journeys that deploy to every sandbox target.
  await page.getByRole("form", { name: "Platform encryption policy" }).getByLabel("Ingress TLS required").uncheck();
  const saved = page.waitForResponse((response) => response.url().includes("policy.setPlatform") && response.ok());
  await page.getByRole("button", { name: "Save encryption policy" }).click();
  await page.getByRole("alertdialog", { name: "Save the encryption policy?" }).getByRole("button", { name: "Confirm and save" }).click();
  await saved;
});
