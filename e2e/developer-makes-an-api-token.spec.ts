import { expect, test } from "./fixtures/journey";
import { signIn, snap } from "./sign-in";

// A developer makes a service token for the Payments team's CI job on the API tokens page, sees it once, the job
// uses it against the REST API, and the developer revokes it: the job is refused from its next request.

test("a developer makes a team service token, a CI job uses it, and revoking it stops the job", async ({ page, request }) => {
  await signIn(page, "dev@bulkhead.local");
  await page.getByRole("link", { name: "API tokens" }).click();
  await expect(page.getByRole("heading", { name: "API tokens" })).toBeVisible();
  const form = page.getByRole("form", { name: "New API token" });
  await form.getByLabel("Owner").selectOption({ label: "Team Payments (a service token)" });
  await form.getByLabel("Name").fill("ci-deploy-e2e");

  // Refused on their fields before anything is made: no ability, and an expiry over a year.
  await form.getByLabel("Expires after (days)").fill("400");
  await form.getByRole("button", { name: "Make token" }).click();
  await expect(form.getByText("Give the token at least one ability")).toBeVisible();
  await expect(form.getByText("Expiry: at most 365 days")).toBeVisible();

  await form.getByLabel(/^read:/).check();
  await form.getByLabel(/^deploy:/).check();
  await form.getByLabel("Expires after (days)").fill("30");
  await form.getByRole("button", { name: "Make token" }).click();
  const shown = page.getByRole("region", { name: "Your new token" });
  await expect(shown).toContainText("it is shown only this once");
  const token = await shown.getByLabel("New token").inputValue();
  expect(token).toMatch(/^bh_[0-9A-Za-z]{46}$/);
  await snap(page, "api-token-shown-once");

  // The CI job: the token alone, no session, no Origin header.
  const apps = await request.get("/api/v1/apps", { headers: { authorization: `Bearer ${token}` } });
  expect(apps.status()).toBe(200);

  await shown.getByRole("button", { name: "I have kept it" }).click();
  await expect(shown).toHaveCount(0);
  await page.reload();
  const row = page.getByRole("table", { name: "API tokens" }).getByRole("row").filter({ hasText: "ci-deploy-e2e" });
  await expect(row).toContainText("Team Payments");
  await expect(row).toContainText("read, deploy");
  await expect(row).toContainText(`bh_…${token.slice(-4)}`);
  await expect(row).toContainText("active");
  await expect(row).toContainText(/from \S+/);
  // Never shown again.
  expect(await page.content()).not.toContain(token);
  await snap(page, "api-token-listed");

  await row.getByRole("button", { name: "Revoke ci-deploy-e2e" }).click();
  await page.getByRole("button", { name: "Revoke token" }).click();
  await expect(row).toContainText("revoked");
  const refused = await request.get("/api/v1/apps", { headers: { authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).detail).toMatch(/was revoked$/);
  await snap(page, "api-token-revoked");
});
