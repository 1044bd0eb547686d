import { expect, test, type Browser, type Page } from "./fixtures/journey";
import { IDP_USERS, oidcPort } from "./oidc/fixture";
import { signIn, snap } from "./sign-in";

// Single sign-on through a real OpenID Connect provider (oidc-provider, started by playwright.config.ts):
// the browser goes to the IdP, types a username and password there, and comes back signed in with the
// role and teams its IdP groups map to (BULKHEAD_OIDC_GROUP_MAP in playwright.config.ts).

const SSO_BUTTON = "Sign in with Example Corp SSO";

async function signInAtIdp(page: Page, username: string, screenshot?: string) {
  const user = IDP_USERS.find((candidate) => candidate.username === username)!;
  await page.goto("/sign-in");
  await page.getByRole("button", { name: SSO_BUTTON }).click();
  await expect(page.getByRole("heading", { name: "Example Corp identity" })).toBeVisible();
  expect(new URL(page.url()).port).not.toBe(new URL(test.info().project.use.baseURL!).port);
  await page.getByLabel("Username").fill(user.username);
  await page.getByLabel("Password").fill(user.password);
  if (screenshot) await snap(page, screenshot);
  await page.getByRole("button", { name: "Continue" }).click();
}

test("the sign-in page offers single sign-on next to the password form", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByRole("button", { name: SSO_BUTTON })).toBeVisible();
  await expect(page.getByLabel("Email")).toBeVisible();
  await snap(page, "sso-sign-in-page");
});

test("alice, in storefront-devs at the IdP, lands as a developer of Storefront", async ({ page }) => {
  await signInAtIdp(page, "alice", "sso-idp-login");
  await expect(page).toHaveURL(/\/apps$/);
  const header = page.getByRole("banner");
  await expect(header.getByText("Alice Storefront")).toBeVisible();
  await expect(header.getByText("Developer · Storefront", { exact: true })).toBeVisible();
  // Her team's app is listed, the other team's is not.
  await expect(page.getByText("storefront-web")).toBeVisible();
  await expect(page.getByText("payments-api")).toHaveCount(0);
  await snap(page, "sso-alice-developer");
  // Signing out ends the Bulkhead session and comes back to the sign-in page.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/apps");
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("olga, in platform-ops and payments-devs, lands as IT operations (the higher role) in Payments", async ({ page }) => {
  await signInAtIdp(page, "olga");
  await expect(page).toHaveURL(/\/operations$/);
  await expect(page.getByRole("banner").getByText("IT operations · Payments", { exact: true })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Targets" })).toBeVisible();
  await snap(page, "sso-olga-operator");
});

/** Changes a person's groups at the IdP, as its administrator would. */
async function setIdpGroups(username: string, groups: string[]) {
  const port = oidcPort(Number(new URL(test.info().project.use.baseURL!).port));
  const response = await fetch(`http://127.0.0.1:${port}/test/groups/${username}`, { method: "PUT", body: JSON.stringify(groups) });
  expect(response.status).toBe(204);
}

/** A fresh browser (no IdP session either), signed in as this IdP user. */
async function freshSignIn(browser: Browser, username: string) {
  const page = await (await browser.newContext()).newPage();
  await signInAtIdp(page, username);
  return page;
}

test("the IdP stays the source of truth: changed groups move role and teams at the next sign-in, removal ends every session", async ({ browser }) => {
  const first = await freshSignIn(browser, "sam");
  await expect(first.getByRole("banner").getByText("Developer · Storefront", { exact: true })).toBeVisible();

  await setIdpGroups("sam", ["platform-ops", "payments-devs"]);
  const second = await freshSignIn(browser, "sam");
  await expect(second).toHaveURL(/\/operations$/);
  await expect(second.getByRole("banner").getByText("IT operations · Payments", { exact: true })).toBeVisible();
  // The older session sees the new role too: role and teams are read fresh on every request.
  await first.reload();
  await expect(first.getByRole("banner").getByText("IT operations · Payments", { exact: true })).toBeVisible();

  await setIdpGroups("sam", ["marketing"]);
  const third = await freshSignIn(browser, "sam");
  await expect(third).toHaveURL(/\/sign-in\?error=no_mapped_group/);
  // Refused by the IdP's groups: the sessions Sam still held are over as well.
  for (const page of [first, second]) {
    await page.goto("/apps");
    await expect(page).toHaveURL(/\/sign-in$/);
  }
  await snap(third, "sso-sam-removed-from-groups");
});

test("nora, in no mapped group, is refused with a message and no session", async ({ page }) => {
  await signInAtIdp(page, "nora");
  await expect(page).toHaveURL(/\/sign-in\?error=no_mapped_group/);
  await expect(page.getByRole("alert").filter({ hasText: "not in any group that Bulkhead maps" })).toBeVisible();
  await snap(page, "sso-nora-refused");
  await page.goto("/apps");
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("an IdP account with a local account's email does not take that account over", async ({ page }) => {
  await signInAtIdp(page, "mallory");
  await expect(page).toHaveURL(/\/sign-in\?error=account_not_linked/);
  await expect(page.getByRole("alert").filter({ hasText: "never takes over an existing account" })).toBeVisible();
  await snap(page, "sso-email-of-local-account-refused");
  // The local developer still signs in with the password and is still a developer of Payments, not an operator.
  await signIn(page, "dev@bulkhead.local");
  await expect(page.getByRole("banner").getByText("Developer · Payments", { exact: true })).toBeVisible();
});

test("cancelling at the IdP comes back to the sign-in page saying so", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: SSO_BUTTON }).click();
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page).toHaveURL(/\/sign-in\?error=access_denied/);
  await expect(page.getByRole("alert").filter({ hasText: "cancelled or refused at your identity provider" })).toBeVisible();
});

test("a compliance officer finds each SSO sign-in and refusal in the audit trail", async ({ page }) => {
  await signIn(page, "audit@bulkhead.local");
  await page.goto("/audit?action=user.sso-sign-in&outcome=denied");
  const events = page.getByRole("table", { name: "Audit events" });
  // Sam (after his groups were taken away) and Nora.
  await expect(events.getByText("no IdP group is mapped to a Bulkhead team or role")).toHaveCount(2);
  await expect(events.getByText("single sign-on failed: account_not_linked")).toBeVisible();
  await expect(events.getByText("single sign-on failed: access_denied", { exact: false })).toBeVisible();
  await snap(page, "sso-audit-refusals");
  await page.goto("/audit?action=user.sso-sign-in&outcome=ok");
  // Each person is named twice in their sign-in's row: as its actor and as the user it concerns.
  await expect(events.getByRole("link", { name: "Alice Storefront (alice@corp.example)" }).first()).toBeVisible();
  await expect(events.getByText("olga@corp.example").first()).toBeVisible();
});
