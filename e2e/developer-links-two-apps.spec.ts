import { expect, test, type Page } from "./fixtures/journey";
import { createApp } from "./apps";
import { signIn, snap } from "./sign-in";

// Acceptance 5 in the browser: without a link app A's preview allows no route to B; a developer requests A → B,
// IT operations approve it (Payments has one developer, so the four-eyes approver is the operator), both previews
// show it; revoking removes it.

const caller = "orders-linked";
const callee = "billing-linked";
const image = `registry.example.com/payments/orders@sha256:${"d".repeat(64)}`;

async function openApp(page: Page, name: string) {
  await page.goto("/apps");
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
}

/** The deploy preview of the app on the AWS sandbox: its "Network links in this plan" section. */
async function previewLinks(page: Page, name: string) {
  await openApp(page, name);
  await page.getByRole("link", { name: "Deploy" }).click();
  await page.getByLabel("Target").selectOption({ label: "sandbox-aws-ecs — AWS ECS (Fargate)" });
  await page.getByLabel("Image (pinned by digest)").fill(image);
  await page.getByRole("button", { name: "Preview plan" }).click();
  await expect(page.getByRole("region", { name: "Provider plan" })).toBeVisible();
  return page.getByRole("region", { name: "Network links in this plan" });
}

test("a developer links two apps; once approved both previews show the route, and revoking removes it", async ({ browser, page }) => {
  test.setTimeout(180_000);
  await signIn(page, "dev@bulkhead.local");
  await createApp(page, caller);
  await createApp(page, callee);

  const before = await previewLinks(page, caller);
  await expect(before).toContainText("No links");
  await expect(before).not.toContainText(callee);
  await snap(page, "links-preview-without-link");

  await openApp(page, caller);
  const form = page.getByRole("form", { name: "Request a link" });
  await form.getByLabel("App to call").selectOption({ label: `${callee} (Payments)` });
  await expect(form.getByLabel("Port")).toHaveValue("8080");
  await form.getByLabel("Why").fill("orders are billed at checkout");
  await form.getByRole("button", { name: "Request link" }).click();
  const outbound = page.getByRole("table", { name: "Outbound links" });
  await expect(outbound.getByRole("row").filter({ hasText: callee })).toContainText("Awaiting approval");
  // The requester cannot approve their own request (four eyes).
  await expect(outbound.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await expect(await previewLinks(page, caller)).toContainText("No links");

  const operator = await browser.newPage();
  await signIn(operator, "ops@bulkhead.local");
  const pending = operator.getByRole("table", { name: "Link requests awaiting your decision" });
  const request = pending.getByRole("row").filter({ hasText: caller });
  await expect(request).toContainText(callee);
  await expect(request).toContainText("dev@bulkhead.local");
  await snap(operator, "links-pending-for-operator");
  await request.getByRole("button", { name: "Approve" }).click();
  await expect(operator.getByText("Link approved")).toBeVisible();
  await expect(pending).toHaveCount(0);

  const outboundRoute = await previewLinks(page, caller);
  await expect(outboundRoute.getByRole("row").filter({ hasText: "Outbound to" })).toContainText(new RegExp(`${callee}-[0-9a-f]{6}\\s*8080`));
  await snap(page, "links-preview-caller-outbound");
  const inboundRoute = await previewLinks(page, callee);
  await expect(inboundRoute.getByRole("row").filter({ hasText: "Inbound from" })).toContainText(new RegExp(`${caller}-[0-9a-f]{6}\\s*8080`));
  await snap(page, "links-preview-callee-inbound");

  await openApp(page, callee);
  const inbound = page.getByRole("table", { name: "Inbound links" });
  await expect(inbound.getByRole("row").filter({ hasText: caller })).toContainText("Approved");
  await inbound.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke link" }).click();
  await expect(inbound.getByRole("row").filter({ hasText: caller })).toContainText("Revoked");
  await snap(page, "links-revoked");

  const after = await previewLinks(page, caller);
  await expect(after).toContainText("No links");
  await expect(after).not.toContainText(callee);
  await expect(await previewLinks(page, callee)).toContainText("No links");
});

test("a developer of another team asks by app id; neither team may approve, IT operations do", async ({ browser, page }) => {
  test.setTimeout(120_000);
  await signIn(page, "dev@bulkhead.local");
  await openApp(page, "payments-api");
  const url = page.url();
  const paymentsApiId = url.slice(url.lastIndexOf("/") + 1);
  await expect(page.getByText(`Another team asks to call this app by its id: ${paymentsApiId}`)).toBeVisible();

  const storefront = await browser.newPage();
  await signIn(storefront, "dev2@bulkhead.local");
  await openApp(storefront, "storefront-web");
  const form = storefront.getByRole("form", { name: "Request a link" });
  // The other team's apps are not listed: it is named by the id that team shared.
  await expect(form.getByLabel("App to call").getByRole("option", { name: /payments-api/ })).toHaveCount(0);
  await form.getByLabel("App to call").selectOption({ label: "Another team's app (by its id)…" });
  await form.getByLabel("App id").fill(paymentsApiId);
  await form.getByRole("button", { name: "Request link" }).click();
  await expect(storefront.getByRole("table", { name: "Outbound links" }).getByRole("row").filter({ hasText: "payments-api" })).toContainText("Awaiting approval");
  await snap(storefront, "links-cross-team-requested");

  await page.reload();
  const inbound = page.getByRole("table", { name: "Inbound links" }).getByRole("row").filter({ hasText: "storefront-web" });
  await expect(inbound).toContainText("Awaiting approval");
  await expect(inbound.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await expect(inbound.getByRole("button", { name: "Revoke" }).or(inbound.getByRole("button", { name: "Withdraw" }))).toBeVisible();

  const operator = await browser.newPage();
  await signIn(operator, "ops@bulkhead.local");
  await operator.getByRole("table", { name: "Link requests awaiting your decision" }).getByRole("row").filter({ hasText: "storefront-web" }).getByRole("button", { name: "Approve" }).click();
  await expect(operator.getByText("Link approved")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("table", { name: "Inbound links" }).getByRole("row").filter({ hasText: "storefront-web" })).toContainText("Approved");
});
