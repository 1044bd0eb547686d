import { expect, test } from "./fixtures/journey";
import { signIn, snap } from "./sign-in";

test("an operator adds a base image (a tag is refused, a digest accepted), then sets its end of life and successor", async ({ page }) => {
  await signIn(page, "ops@bulkhead.local");
  await page.getByRole("link", { name: "Base images" }).click();
  await page.getByRole("link", { name: "Add base image" }).click();

  await page.getByLabel("Family").selectOption("app-server");
  await page.getByLabel("Name").fill("Apache Tomcat on UBI 9");
  await page.getByRole("button", { name: "Add base image" }).click();
  await expect(page.getByText("Version is required")).toBeVisible();
  await page.getByLabel("Version").fill("11.0");
  await page.getByLabel("Registry reference (pinned by digest)").fill("registry.access.redhat.com/ubi9/tomcat:11");
  await page.getByRole("button", { name: "Add base image" }).click();
  await expect(page.getByText("Pin the base image by digest: registry/repository@sha256:<64 hex digits>")).toBeVisible();
  await snap(page, "catalog-add-refused");

  await page.getByLabel("Registry reference (pinned by digest)").fill(`registry.access.redhat.com/ubi9/tomcat@sha256:${"e".repeat(64)}`);
  await page.getByRole("button", { name: "Add base image" }).click();
  await expect(page).toHaveURL(/\/catalog$/);
  const row = page.getByRole("row").filter({ has: page.getByText("Apache Tomcat on UBI 9 11.0", { exact: true }) });
  await expect(row).toContainText("approved");

  await page.getByRole("link", { name: "Edit Apache Tomcat on UBI 9 10.1" }).click();
  await page.getByLabel("End of life").fill("2027-12-31");
  await page.getByLabel("Successor").selectOption({ label: "Apache Tomcat on UBI 9 11.0" });
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page).toHaveURL(/\/catalog$/);
  const edited = page.getByRole("row").filter({ has: page.getByText("Apache Tomcat on UBI 9 10.1", { exact: true }) });
  await expect(edited).toContainText("2027-12-31");
  await expect(edited).toContainText("rebase to Apache Tomcat on UBI 9 11.0");
  await snap(page, "catalog-curated");
});
