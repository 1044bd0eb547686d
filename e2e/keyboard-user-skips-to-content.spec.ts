import { expect, test } from "./fixtures/journey";
import { signIn } from "./sign-in";

// Issue #22: the first thing a keyboard reaches on a page is a "Skip to content" link, shown when focused, that
// moves focus past the navigation to the page itself; scrollable previews are reachable by keyboard too.

test("a keyboard user skips the navigation to the page's content, on sign-in and in the dashboard", async ({ page }) => {
  await page.goto("/sign-in");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#content")).toBeFocused();

  await signIn(page, "ops@bulkhead.local");
  await page.goto("/targets");
  await page.keyboard.press("Tab");
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("main")).toBeFocused();
  // The next Tab lands in the page, not on the navigation.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("navigation", { name: "Main" }).locator(":focus")).toHaveCount(0);
  await expect(page.getByRole("main").locator(":focus")).toHaveCount(1);
  await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
});
