import { expect, test } from "./fixtures/journey";
import { signIn, snap } from "./sign-in";

test("the sign-in page lists the sandbox demo accounts", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  const demo = page.getByRole("region", { name: "Sandbox demo accounts" });
  for (const email of ["dev@bulkhead.local", "ops@bulkhead.local", "audit@bulkhead.local", "admin@bulkhead.local"]) {
    await expect(demo.getByText(email)).toBeVisible();
  }
  await snap(page, "sign-in");
});

test("a wrong password is refused with a clear message", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("dev@bulkhead.local");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  // Next.js has a route announcer with the alert role too: pick ours by its text.
  await expect(page.getByRole("alert").filter({ hasText: "Email or password is incorrect." })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in$/);
});

for (const [email, home, heading] of [
  ["dev@bulkhead.local", "/apps", "Apps"],
  ["ops@bulkhead.local", "/operations", "Platform overview"],
  ["audit@bulkhead.local", "/audit", "Audit trail"],
  ["admin@bulkhead.local", "/admin", "People"],
] as const) {
  test(`${email} lands on their own home and can sign out`, async ({ page }) => {
    await signIn(page, email);
    await expect(page).toHaveURL(new RegExp(`${home}$`));
    await expect(page.getByRole("heading", { name: heading, exact: true })).toBeVisible();
    await snap(page, `home-${home.slice(1)}`);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.goto(home);
    await expect(page).toHaveURL(/\/sign-in$/);
  });
}

test("an unknown page shows the not-found page", async ({ page }) => {
  await signIn(page, "dev@bulkhead.local");
  await page.goto("/no-such-page");
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
});
