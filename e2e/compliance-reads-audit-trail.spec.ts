import { expect, test } from "@playwright/test";
import { signIn, snap } from "./sign-in";

test("the compliance officer sees a developer's change and a refused attempt in the audit trail", async ({ browser, page }) => {
  const developer = await browser.newPage();
  await signIn(developer, "dev@bulkhead.local");
  await developer.goto("/apps/new");
  await developer.getByLabel("Name").fill("audit-probe");
  await developer.getByLabel("Base image").selectOption({ label: "Red Hat UBI 9.6" });
  await developer.getByRole("button", { name: "Create app" }).click();
  await expect(developer.getByRole("heading", { name: "audit-probe" })).toBeVisible();
  // A developer calling a compliance-only procedure is refused, and the refusal is recorded.
  const refused = await developer.request.get("/api/trpc/audit.list?input=" + encodeURIComponent(JSON.stringify({ json: {} })));
  expect(refused.status()).toBe(403);
  await developer.close();

  await signIn(page, "audit@bulkhead.local");
  const events = page.getByRole("table", { name: "Audit events" });
  const created = events.getByRole("row").filter({ hasText: "app.create" }).filter({ hasText: "dev@bulkhead.local" }).first();
  await expect(created).toContainText("ok");
  const denied = events.getByRole("row").filter({ hasText: "audit.list" }).first();
  await expect(denied).toContainText("denied");
  await expect(denied).toContainText("dev@bulkhead.local");
  await snap(page, "audit-trail");

  // Read-only: no way to change or delete events from this page.
  await expect(page.getByRole("button", { name: /delete|edit/i })).toHaveCount(0);
});
