import { expect, test, type Page } from "./fixtures/journey";
import { createApp } from "./apps";
import { signIn, snap } from "./sign-in";

async function savePlatformPolicy(page: Page, settings: { ingressTls: boolean; minimum: "1.2" | "1.3" }) {
  await page.goto("/policy");
  const platform = page.getByRole("form", { name: "Platform encryption policy" });
  await platform.getByLabel("Ingress TLS required").setChecked(settings.ingressTls);
  await platform.getByLabel("Minimum TLS version").selectOption(settings.minimum);
  await page.getByRole("button", { name: "Save encryption policy" }).click();
  await expect(page.getByText("Platform encryption policy saved")).toBeVisible();
}

async function deployAndWait(page: Page, app: string, target: string) {
  await createApp(page, app);
  await page.getByRole("link", { name: "Deploy" }).click();
  await page.getByLabel("Target").selectOption({ label: target });
  await page.getByLabel("Image (pinned by digest)").fill(`registry.example.com/storefront/${app}@sha256:${"c".repeat(64)}`);
  await page.getByRole("button", { name: "Preview plan" }).click();
  await expect(page.getByRole("region", { name: "Provider plan" })).toBeVisible();
  await page.getByRole("button", { name: "Deploy", exact: true }).click();
  await expect(page.getByRole("status", { name: "Deployment status" })).toHaveText("Running", { timeout: 45_000 });
}

test("the operator raises the minimum TLS version; the running deployment whose target cannot meet it is flagged on the developer's dashboard", async ({ browser }) => {
  test.setTimeout(180_000);
  const ops = await (await browser.newContext()).newPage();
  const dev = await (await browser.newContext()).newPage();
  await signIn(ops, "ops@bulkhead.local");
  await signIn(dev, "dev@bulkhead.local");

  await savePlatformPolicy(ops, { ingressTls: true, minimum: "1.2" });
  try {
    // Cloud Run's sandbox load balancer speaks TLS 1.2+; the Azure sidecar takes its minimum from the policy.
    await deployAndWait(dev, "tls-shop", "sandbox-cloud-run — Google Cloud Run");
    await deployAndWait(dev, "tls-api", "sandbox-azure-aci — Azure Container Instances");
    await dev.goto("/apps");
    await expect(dev.getByText(/tls-(shop|api) on sandbox/)).toHaveCount(0);

    await savePlatformPolicy(ops, { ingressTls: true, minimum: "1.3" });
    await snap(ops, "policy-minimum-tls-raised");

    await dev.goto("/apps");
    const flagged = dev.getByRole("list", { name: "Non-compliant deployments" });
    await expect(flagged).toBeVisible();
    await expect(flagged.getByRole("link", { name: "tls-shop on sandbox-cloud-run" })).toBeVisible();
    await expect(flagged).toContainText("allows TLS 1.2, below the required 1.3");
    await expect(flagged).not.toContainText("tls-api");
    await snap(dev, "dashboard-flags-minimum-tls");
  } finally {
    // Leave the sandbox's platform policy as it was, for the journeys that deploy to every sandbox target.
    await savePlatformPolicy(ops, { ingressTls: false, minimum: "1.2" });
  }
});
