import { readFileSync } from "node:fs";
import { expect, test, type Page } from "./fixtures/journey";
import { createApp } from "./apps";
import { signIn, snap } from "./sign-in";

// A developer deploys to the sandbox's ECS, reads where the app answers and how many instances the cloud runs now,
// follows its logs live on the deployment's page, searches and downloads them. Then a revision whose container fails
// its health check (the sandbox's fault switch, an environment variable the simulated container reads): the page
// explains the failure in the cloud's own words, beside Bulkhead's timeline and the rollback ECS made.
test.describe.configure({ timeout: 300_000 });

const VALUE = `value-not-for-logs-${Date.now().toString(36)}`;
const image = `registry.example.com/payments/logged@sha256:${"d".repeat(64)}`;

async function deploy(page: Page, env: string) {
  await page.getByLabel("Image (pinned by digest)").fill(image);
  await page.getByLabel("Environment variables").fill(env);
  await page.getByRole("button", { name: "Preview plan" }).click();
  await page.getByRole("button", { name: "Deploy", exact: true }).click();
  await expect(page).toHaveURL(/\/deployments\/[0-9a-f-]{36}$/);
}

test("a developer follows an app's logs live, and sees why a deploy failed in the cloud's words", async ({ page }) => {
  await signIn(page, "dev@bulkhead.local");
  await createApp(page, "logged");
  await page.getByRole("link", { name: "Deploy" }).click();
  await page.getByLabel("Target").selectOption({ label: "sandbox-aws-ecs — AWS ECS (Fargate)" });
  await deploy(page, `GREETING=${VALUE}`);
  await expect(page.getByRole("status", { name: "Deployment status" })).toHaveText("Running", { timeout: 60_000 });

  const now = page.getByLabel("In the cloud now");
  await expect(now).toContainText("Address");
  await expect(now).toContainText(/Instances running now\s*1/);

  await page.getByRole("tab", { name: "Logs" }).click();
  await expect(page.getByText("Following live")).toBeVisible({ timeout: 15_000 });
  const log = page.getByRole("log", { name: "Log lines" });
  await expect(log).toContainText("Environment: GREETING", { timeout: 30_000 });
  const lines = log.locator("div.whitespace-pre-wrap");
  const seen = await lines.count();
  // A line the container writes after the page opened arrives without reloading.
  await expect.poll(() => lines.count(), { timeout: 15_000 }).toBeGreaterThan(seen);
  await expect(log).toContainText("GET /healthz 200 OK");
  expect(await page.content()).not.toContain(VALUE);
  await snap(page, "logs-followed");

  await page.getByLabel("Search").fill("Environment:");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(log).toContainText("Environment: GREETING", { timeout: 15_000 });
  await expect(log).not.toContainText("GET /healthz");

  await page.getByLabel("Time range").selectOption({ label: "Last 15 minutes" });
  await expect(page.getByText("Last 15 minutes, newest 1,000 lines")).toBeVisible();
  await expect(log).toContainText("Environment: GREETING");
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download" }).click();
  const file = await downloading;
  expect(file.suggestedFilename()).toBe("logged-sandbox-aws-ecs-logs.txt");
  const text = readFileSync((await file.path())!, "utf8");
  expect(text).toContain("Environment: GREETING");
  expect(text).not.toContain("GET /healthz");
  expect(text).not.toContain(VALUE);

  // Revision 2's container answers its health check with 503.
  await page.getByRole("tab", { name: "Overview" }).click();
  await page.getByRole("link", { name: "Redeploy" }).click();
  await deploy(page, `GREETING=${VALUE}\nBULKHEAD_SANDBOX_HEALTH=failing`);
  await expect(page.getByRole("status", { name: "Deployment status" })).toHaveText("Failed", { timeout: 180_000 });
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText("Revision 2 failed");
  const events = page.getByRole("list", { name: "Cloud events" });
  await expect(events).toContainText("Task failed ELB health checks", { timeout: 30_000 });
  await expect(events).toContainText("circuit breaker");
  await snap(page, "deploy-failed-cloud-events");

  await page.getByRole("tab", { name: "Logs" }).click();
  await expect(log).toContainText("GET /healthz 503 Service Unavailable", { timeout: 30_000 });
  await snap(page, "logs-of-a-failing-health-check");
});
