import { expect, test, type Page } from "./fixtures/journey";
import { createApp } from "./apps";
import { signIn, snap } from "./sign-in";

const image = (hex: string) => `registry.example.com/payments/api@sha256:${hex.repeat(64)}`;

async function waitForRunning(page: Page, revision: number) {
  await expect(page.getByRole("status", { name: "Deployment status" })).toHaveText("Running", { timeout: 45_000 });
  await expect(page.getByText(`Running revision ${revision} ·`)).toBeVisible({ timeout: 45_000 });
}

for (const [target, provider, scaleTo] of [
  ["sandbox-aws-ecs", "AWS ECS (Fargate)", { min: 2, max: 3 }],
  ["sandbox-azure-aci", "Azure Container Instances", { min: 1, max: 1 }],
  ["sandbox-cloud-run", "Google Cloud Run", { min: 0, max: 4 }],
  ["sandbox-kubernetes", "Kubernetes", { min: 2, max: 3 }],
] as const) {
  test(`a developer deploys to ${target}, redeploys, scales, rolls back and destroys`, async ({ page }) => {
    test.setTimeout(180_000);
    const app = `web-${target.split("-")[1]}`;
    await signIn(page, "dev@bulkhead.local");
    await createApp(page, app);

    await page.getByRole("link", { name: "Deploy" }).click();
    await page.getByLabel("Target").selectOption({ label: `${target} — ${provider}` });
    await page.getByLabel("Image (pinned by digest)").fill(image("a"));
    await page.getByRole("button", { name: "Preview plan" }).click();
    await expect(page.getByRole("region", { name: "Provider plan" })).toBeVisible();
    // The preview opens with its verdict; with warnings listed, it says so.
    const warned = await page.getByRole("list", { name: "Policy warnings" }).count();
    await expect(page.getByLabel("Policy verdict")).toHaveText(warned ? "Allowed with warnings" : "Allowed");
    await expect(page.getByRole("table", { name: "Policy enforcement" })).toContainText("Ingress TLS required");
    await snap(page, `${target}-preview`);
    await page.getByRole("button", { name: "Deploy", exact: true }).click();

    await expect(page).toHaveURL(/\/deployments\/[0-9a-f-]{36}$/);
    await waitForRunning(page, 1);
    await snap(page, `${target}-running`);

    await page.getByRole("link", { name: "Redeploy" }).click();
    await page.getByLabel("Image (pinned by digest)").fill(image("b"));
    await page.getByRole("button", { name: "Preview plan" }).click();
    await page.getByRole("button", { name: "Deploy", exact: true }).click();
    await waitForRunning(page, 2);

    // A minimum above the maximum is refused on the field that is wrong, and nothing is scaled.
    await page.getByLabel("Min instances").fill("5");
    await page.getByLabel("Max instances").fill("2");
    await page.getByRole("button", { name: "Scale" }).click();
    await expect(page.getByText("Minimum instances cannot exceed maximum instances")).toBeVisible();
    await expect(page.getByLabel("Min instances")).toHaveAttribute("aria-invalid", "true");

    await page.getByLabel("Min instances").fill(String(scaleTo.min));
    await page.getByLabel("Max instances").fill(String(scaleTo.max));
    await page.getByRole("button", { name: "Scale" }).click();
    await waitForRunning(page, 3);

    await page.getByRole("button", { name: "Roll back to 1" }).click();
    // The rollback asks first and says what it restores: revision 1's image, not the current one.
    const confirm = page.getByRole("alertdialog", { name: "Roll back to revision 1?" });
    await expect(confirm).toContainText(image("a"));
    await expect(confirm).not.toContainText(image("b"));
    await confirm.getByRole("button", { name: "Roll back" }).click();
    await waitForRunning(page, 4);
    await expect(page.getByRole("table", { name: "Revisions" }).getByRole("row").nth(1)).toContainText("rollback");
    await snap(page, `${target}-rolled-back`);

    await page.getByRole("button", { name: "Destroy" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Destroy" }).click();
    await expect(page.getByRole("status", { name: "Deployment status" })).toHaveText("Destroyed", { timeout: 45_000 });
    await snap(page, `${target}-destroyed`);
  });
}
