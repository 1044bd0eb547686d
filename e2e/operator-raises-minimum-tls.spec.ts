import { expect, test, type Locator, type Page } from "./fixtures/journey";
import { createApp } from "./apps";
import { signIn, snap } from "./sign-in";

/** Saves the policy through its confirmation, which lists the live deployments it would flag; `check` looks at them
 * before confirming. */
async function savePlatformPolicy(page: Page, settings: { ingressTls: boolean; minimum: "1.2" | "1.3" }, check?: (confirm: Locator) => Promise<void>) {
  await page.goto("/policy");
  const platform = page.getByRole("form", { name: "Platform encryption policy" });
  await platform.getByLabel("Ingress TLS required").setChecked(settings.ingressTls);
  await platform.getByLabel("Minimum TLS version").selectOption(settings.minimum);
  await page.getByRole("button", { name: "Save encryption policy" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Save the encryption policy?" });
  await expect(confirm).toBeVisible();
  await check?.(confirm);
  await confirm.getByRole("button", { name: "Confirm and save" }).click();
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

test("the operator raises the minimum TLS version, seeing first which running deployment it flags; that deployment is flagged on the developer's dashboard and its own page", async ({ browser }) => {
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

    await savePlatformPolicy(ops, { ingressTls: true, minimum: "1.3" }, async (confirm) => {
      // Before the operator confirms: the deployment this would flag, and why; not the one that can meet it.
      const flags = confirm.getByRole("list", { name: "Deployments this policy flags" });
      await expect(flags.getByRole("link", { name: "tls-shop on sandbox-cloud-run" })).toBeVisible();
      await expect(flags).toContainText("allows TLS 1.2, below the required 1.3");
      await expect(flags).not.toContainText("tls-api");
      await snap(ops, "policy-impact-minimum-tls");
    });
    await snap(ops, "policy-minimum-tls-raised");

    await dev.goto("/apps");
    const flagged = dev.getByRole("list", { name: "Non-compliant deployments" });
    await expect(flagged).toBeVisible();
    await expect(flagged.getByRole("link", { name: "tls-shop on sandbox-cloud-run" })).toBeVisible();
    await expect(flagged).toContainText("allows TLS 1.2, below the required 1.3");
    await expect(flagged).not.toContainText("tls-api");
    await snap(dev, "dashboard-flags-minimum-tls");

    // The flagged deployment's own page says so and why; the other one's does not.
    await flagged.getByRole("link", { name: "tls-shop on sandbox-cloud-run" }).click();
    const compliance = dev.getByRole("region", { name: "Compliance" });
    await expect(compliance).toContainText("Not compliant");
    await expect(compliance).toContainText("allows TLS 1.2, below the required 1.3");
    await snap(dev, "deployment-page-non-compliant");
  } finally {
    // Leave the sandbox's platform policy as it was, for the journeys that deploy to every sandbox target.
    await savePlatformPolicy(ops, { ingressTls: false, minimum: "1.2" });
  }
});
