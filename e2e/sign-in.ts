import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "bulkhead-demo-password";

const signedIn = (page: Page) => !/\/sign-in/.test(new URL(page.url()).pathname);

/**
 * Signs in through the form, as a person would. The whole suite signs in from one address, so it can meet
 * the sign-in limit (20 a minute per address); then it waits the minute out once, as a person would.
 */
export async function signIn(page: Page, email: string) {
  const limited = page.getByRole("alert").filter({ hasText: "Too many attempts" });
  for (let attempt = 1; ; attempt++) {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(async () => signedIn(page) || (await limited.isVisible()), { timeout: 10_000 }).toBe(true);
    if (signedIn(page) || attempt === 2) break;
    await page.waitForTimeout(61_000);
  }
  await expect(page).not.toHaveURL(/sign-in/);
}

export async function snap(page: Page, name: string) {
  await page.screenshot({ path: `e2e/artifacts/screenshots/${name}.png`, fullPage: true });
}
