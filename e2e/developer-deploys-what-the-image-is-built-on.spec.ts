import { buildDemoImages } from "../oci/build/demo-images";
import { expect, test } from "./fixtures/journey";
import { createApp } from "./apps";
import { signIn, snap } from "./sign-in";

// The sandbox registry (npm start: 127.0.0.1:PORT+1) holds the demo apps; the developer's team has a pull credential
// for it. Their digests depend only on that host, so the journey computes them as the sandbox built them.
const registry = `127.0.0.1:${Number(process.env.E2E_PORT ?? 3199) + 1}`;
const declared = "WebSphere Liberty 25.0.0.6";

test("a deploy is judged on the base image its layers show: built on a revoked Liberty while declaring an approved one, it is refused naming the real base; built on UBI 9.6, it deploys judged on that", async ({ page }) => {
  test.setTimeout(180_000);
  const demo = await buildDemoImages(registry);
  await signIn(page, "dev@bulkhead.local");
  await createApp(page, "orders-provenance", declared);
  await page.getByRole("link", { name: "Deploy" }).click();
  await page.getByLabel("Target").selectOption({ label: "sandbox-cloud-run — Google Cloud Run" });

  // Built on WebSphere Liberty 23.0.0.3, which the catalog has revoked.
  await page.getByLabel("Image (pinned by digest)").fill(`${registry}/team-a/orders@${demo.orders.root.digest}`);
  await page.getByRole("button", { name: "Preview plan" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Refused by policy" })).toContainText("Base image WebSphere Liberty 23.0.0.3 is revoked");
  await expect(page.getByRole("list", { name: "Policy warnings" })).toContainText(`is built on WebSphere Liberty 23.0.0.3 (its layers start with that image's), not on ${declared} as the app declares`);
  const provenance = page.getByRole("region", { name: "Image provenance" });
  await expect(provenance).toContainText(`Resolved in ${registry}: the linux/amd64 manifest`);
  await expect(provenance).toContainText(`built on ${registry}/appcafe/websphere-liberty:23.0.0.3`);
  await expect(provenance).toContainText("Judged on the catalog image WebSphere Liberty 23.0.0.3, which its layers show it is built on");
  await expect(page.getByRole("button", { name: "Deploy", exact: true })).toBeDisabled();
  await snap(page, "provenance-refused-real-base");

  // A digest the registry does not have is refused in its words.
  await page.getByLabel("Image (pinned by digest)").fill(`${registry}/team-a/orders@sha256:${"0".repeat(64)}`);
  await page.getByRole("button", { name: "Preview plan" }).click();
  await expect(page.getByText(/MANIFEST_UNKNOWN|manifest unknown/i).first()).toBeVisible();

  // Built on UBI 9.6 (approved): allowed, judged and recorded on UBI 9.6, with a warning that the declaration is not it.
  await page.getByLabel("Image (pinned by digest)").fill(`${registry}/team-a/shop@${demo.app.root.digest}`);
  await page.getByRole("button", { name: "Preview plan" }).click();
  await expect(page.getByLabel("Policy verdict")).toHaveText("Allowed with warnings");
  await expect(page.getByRole("list", { name: "Policy warnings" })).toContainText("is built on Red Hat UBI 9.6");
  await page.getByRole("button", { name: "Deploy", exact: true }).click();
  await expect(page.getByRole("status", { name: "Deployment status" })).toHaveText("Running", { timeout: 45_000 });
  await expect(page.getByRole("table", { name: "Revisions" })).toContainText("resolved for linux/amd64; judged on Red Hat UBI 9.6 (by its layers)");
  await snap(page, "provenance-deployed-on-ubi");
});
