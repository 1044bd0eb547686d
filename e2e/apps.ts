import { expect, type Page } from "@playwright/test";

/** Registers an app for the signed-in developer's team through the form, on a catalog base image. */
export async function createApp(page: Page, name: string, baseImage = "Red Hat UBI 9.6") {
  await page.goto("/apps");
  await page.getByRole("link", { name: "New app" }).click();
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Base image").selectOption({ label: baseImage });
  await page.getByRole("button", { name: "Create app" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
}
