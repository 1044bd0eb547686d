import { startRegistryEmulator, type RunningRegistry } from "../oci/emulator/emulator";
import { expect, test, type Page } from "./fixtures/journey";
import { signIn, snap } from "./sign-in";

// A developer gives their team's credentials for a private registry: a wrong token is refused in the registry's
// words before anything is saved, the right one is listed by user name only, a second save replaces it, and removing
// asks first. Operators see every team's; a compliance officer reads them and changes nothing. No page shows a token.
const TOKENS = { "shop-puller": "the-right-token", "shop-ci": "the-second-token" };
const TEAM = "Payments";

let registry: RunningRegistry;
test.beforeAll(async () => {
  // The registry the team's images live in, started here: the product logs in to it from its own process.
  registry = await startRegistryEmulator({ users: TOKENS });
});
test.afterAll(async () => {
  await registry?.stop();
});

async function neverShowsTokens(page: Page) {
  const html = await page.content();
  for (const token of [...Object.values(TOKENS), "a-wrong-token"]) expect(html).not.toContain(token);
}

async function save(page: Page, username: string, password: string) {
  const form = page.getByRole("form", { name: "Registry credentials form" });
  await form.getByLabel("Team").selectOption({ label: TEAM });
  await form.getByLabel("Registry host").fill(registry.host);
  await form.getByLabel("User name").fill(username);
  await form.getByLabel("Password or token").fill(password);
  await form.getByRole("button", { name: "Save credentials" }).click();
}

test("a developer adds, replaces and removes the team's registry credentials; operators see them, compliance only reads", async ({ browser, page }) => {
  await signIn(page, "dev@bulkhead.local");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Registries" }).click();
  await expect(page).toHaveURL(/\/registries$/);
  await expect(page.getByRole("heading", { name: "Registries", level: 1 })).toBeVisible();
  const form = page.getByRole("form", { name: "Registry credentials form" });
  const password = form.getByLabel("Password or token");
  await expect(password).toHaveAttribute("type", "password");
  const ours = (on: Page) => on.getByRole("table", { name: "Registry credentials" }).getByRole("row").filter({ hasText: registry.host });

  // A wrong token: the registry refuses it, said under the password, and nothing is saved.
  await save(page, "shop-puller", "a-wrong-token");
  await expect(password).toHaveAccessibleDescription(/The registry did not let these credentials in/);
  await expect(ours(page)).toHaveCount(0);
  await neverShowsTokens(page);
  await snap(page, "registries-refused");

  await password.fill("the-right-token");
  await form.getByRole("button", { name: "Save credentials" }).click();
  await expect(page.getByText(`Credentials for ${registry.host} saved for ${TEAM}`)).toBeVisible();
  await expect(ours(page)).toHaveCount(1);
  await expect(ours(page)).toContainText(TEAM);
  await expect(ours(page)).toContainText("shop-puller");
  await expect(password).toHaveValue("");
  await neverShowsTokens(page);
  await snap(page, "registries-added");

  // Saving again for the same team and registry replaces the credentials: still one row, the new user name.
  await save(page, "shop-ci", "the-second-token");
  await expect(ours(page)).toContainText("shop-ci");
  await expect(ours(page)).toHaveCount(1);
  await expect(password).toHaveValue("");
  await neverShowsTokens(page);

  // The operator sees the team's credentials (and may keep them); the compliance officer only reads.
  const operator = await browser.newPage();
  await signIn(operator, "ops@bulkhead.local");
  await operator.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Registries" }).click();
  await expect(ours(operator)).toContainText(TEAM);
  await expect(ours(operator)).toContainText("shop-ci");
  await expect(ours(operator).getByRole("button", { name: /^Remove/ })).toBeVisible();
  await neverShowsTokens(operator);
  await snap(operator, "registries-operator");
  await operator.close();

  const compliance = await browser.newPage();
  await signIn(compliance, "audit@bulkhead.local");
  await compliance.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Registries" }).click();
  await expect(ours(compliance)).toContainText("shop-ci");
  await expect(compliance.getByRole("button", { name: /^Remove/ })).toHaveCount(0);
  await expect(compliance.getByRole("form", { name: "Registry credentials form" })).toHaveCount(0);
  await neverShowsTokens(compliance);
  await snap(compliance, "registries-compliance");
  await compliance.close();

  // Removing asks first, saying what follows.
  await ours(page).getByRole("button", { name: `Remove ${registry.host} (${TEAM})` }).click();
  const confirm = page.getByRole("alertdialog", { name: `Remove the ${TEAM} team's credentials for ${registry.host}?` });
  await expect(confirm).toContainText("without credentials");
  await snap(page, "registries-remove-confirm");
  await confirm.getByRole("button", { name: "Remove credentials" }).click();
  await expect(page.getByText(`Credentials for ${registry.host} removed from ${TEAM}`)).toBeVisible();
  await expect(ours(page)).toHaveCount(0);
  await snap(page, "registries-removed");
});
