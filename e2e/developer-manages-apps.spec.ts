import { expect, test } from "./fixtures/journey";
import { signIn, snap } from "./sign-in";

test.beforeEach(async ({ page }) => {
  await signIn(page, "dev@bulkhead.local");
});

test("a developer registers, edits and deletes an app", async ({ page }) => {
  await page.getByRole("link", { name: "New app" }).click();
  await page.getByLabel("Name").fill("checkout-api");
  await page.getByLabel("Description").fill("Checkout service");
  await page.getByLabel("Data classification").selectOption("confidential");
  await page.getByLabel("Base image").selectOption({ label: "Red Hat JBoss EAP 8.0" });
  await page.getByRole("button", { name: "Create app" }).click();

  await expect(page.getByRole("heading", { name: "checkout-api" })).toBeVisible();
  await expect(page.getByLabel("Data classification")).toHaveValue("confidential");
  await snap(page, "app-created");

  await page.getByLabel("Description").fill("Checkout service, v2");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Checkout service, v2").first()).toBeVisible();

  await page.getByRole("button", { name: "Delete app" }).click();
  await expect(page.getByRole("alertdialog")).toContainText("cannot be undone");
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete app" }).click();
  await expect(page).toHaveURL(/\/apps$/);
  await expect(page.getByRole("link", { name: "checkout-api" })).toHaveCount(0);
});

test("the app form shows field errors for an empty or 300-character name and writes nothing", async ({ page }) => {
  await page.goto("/apps");
  const before = await page.getByRole("row").count();
  let writes = 0;
  page.on("request", (request) => {
    if (request.url().includes("/api/trpc/apps.create")) writes++;
  });

  await page.goto("/apps/new");
  await page.getByRole("button", { name: "Create app" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Name is required" })).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  await snap(page, "app-form-empty-name");

  await page.getByLabel("Name").fill("a".repeat(300));
  await page.getByRole("button", { name: "Create app" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Name must be at most 40 characters" })).toBeVisible();
  await snap(page, "app-form-long-name");

  expect(writes).toBe(0);
  await page.goto("/apps");
  await expect(page.getByRole("row")).toHaveCount(before);
});

test("a duplicate name comes back from the server as an error on the name field", async ({ page }) => {
  await page.goto("/apps/new");
  await page.getByLabel("Name").fill("payments-api");
  await page.getByLabel("Base image").selectOption({ label: "Red Hat UBI 9.6" });
  await page.getByRole("button", { name: "Create app" }).click();
  await expect(page.getByRole("alert").filter({ hasText: 'An app named "payments-api" already exists in this team' })).toBeVisible();
});

test("another team's app is not found, by list or by id", async ({ page, browser }) => {
  await expect(page.getByRole("link", { name: "payments-api" })).toBeVisible();
  await expect(page.getByRole("link", { name: "storefront-web" })).toHaveCount(0);

  // An operator sees every team's apps: take the Storefront app's address from there.
  const operator = await browser.newPage();
  await signIn(operator, "ops@bulkhead.local");
  const href = await operator.getByRole("link", { name: "storefront-web" }).getAttribute("href");
  await operator.close();
  expect(href).toMatch(/^\/apps\/[0-9a-f-]{36}$/);

  await page.goto(href!);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await snap(page, "foreign-app-not-found");
});
