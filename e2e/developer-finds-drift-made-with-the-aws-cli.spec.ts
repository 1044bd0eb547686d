import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test, type Page } from "./fixtures/journey";
import { SANDBOX_AWS_ACCESS_KEY_ID } from "../providers/aws-ecs/sandbox";
import { awsCli, isolatedEnvironment } from "../providers/testing/independent-clients";
import { createApp } from "./apps";
import { signIn, snap } from "./sign-in";

// Drift in the browser (issue #15): a developer's two linked apps run on the sandbox's ECS target; someone changes the
// cloud behind Bulkhead's back with Debian's aws CLI — scales the callee and removes the security-group rule that lets
// its caller in. "Check now" shows both differences in the next job cycle (the periodic sweep is minutes away), the
// compliance officer finds the drift audited once, Re-apply converges, and a service deleted out of band is Missing.

const caller = "drift-shop";
const callee = "drift-stock";
const image = `registry.example.com/payments/stock@sha256:${"7".repeat(64)}`;

type Groups = { SecurityGroups: { GroupId: string; GroupName: string; IpPermissions: { FromPort?: number; UserIdGroupPairs?: { GroupId: string }[] }[] }[] };

/** Whether the stock's group lets the shop's group in on 8080. */
const letsIn = (group: Groups["SecurityGroups"][number], from: string) => group.IpPermissions.some((p) => p.FromPort === 8080 && p.UserIdGroupPairs?.some((pair) => pair.GroupId === from));

/** Debian's aws CLI against the sandbox's AWS account: the operator's endpoint, the sandbox user's key id, a dummy secret. */
async function aws(endpoint: string, ...args: string[]): Promise<unknown> {
  const env = isolatedEnvironment({ AWS_ACCESS_KEY_ID: SANDBOX_AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: "dummy-secret" });
  const { stdout } = await promisify(execFile)(awsCli(), [...args, "--endpoint-url", endpoint, "--region", "eu-west-1", "--output", "json"], { env });
  return stdout.trim() ? JSON.parse(stdout) : {};
}

async function openApp(page: Page, name: string) {
  await page.goto("/apps");
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
}

/** Deploys the app to the sandbox's ECS target and waits for it to run; the deployment page's URL and resource name. */
async function deployToEcs(page: Page, name: string): Promise<{ url: string; resource: string }> {
  await openApp(page, name);
  await page.getByRole("link", { name: "Deploy" }).click();
  await page.getByLabel("Target").selectOption({ label: "sandbox-aws-ecs — AWS ECS (Fargate)" });
  await page.getByLabel("Image (pinned by digest)").fill(image);
  await page.getByRole("button", { name: "Preview plan" }).click();
  await expect(page.getByRole("region", { name: "Provider plan" })).toBeVisible();
  await page.getByRole("button", { name: "Deploy", exact: true }).click();
  await expect(page).toHaveURL(/\/deployments\/[0-9a-f-]{36}$/);
  await waitForRunning(page, 1);
  const description = await page.getByText(/cloud resource \S+/).first().innerText();
  return { url: page.url(), resource: /cloud resource (\S+)/.exec(description)![1] };
}

async function waitForRunning(page: Page, revision: number) {
  await expect(page.getByRole("status", { name: "Deployment status" })).toHaveText("Running", { timeout: 60_000 });
  await expect(page.getByText(`Running revision ${revision} ·`)).toBeVisible({ timeout: 60_000 });
}

/** "Check now" and the drift card's next reading (its "Read back from the cloud …" time changes, or the resource is gone). */
async function checkNow(page: Page) {
  const card = page.getByText(/^(Read back from the cloud|Not read back from the cloud yet)/);
  const before = await card.innerText();
  // The card shows the reading's time to the second: a reading within the same second would look unchanged.
  await page.waitForTimeout(1_000);
  await page.getByRole("button", { name: "Check now" }).click();
  await expect(page.getByText("Reading the cloud back now")).toBeVisible();
  // One job cycle: the check is queued at once and the page reads the deployment every 5 s.
  await expect(page.getByText(/^(Read back from the cloud|The cloud resource is gone)/).filter({ hasNotText: before })).toBeVisible({ timeout: 30_000 });
}

test("changes made with the aws CLI show as drift, audited once; Re-apply converges; a deleted service shows Missing", async ({ browser, page }) => {
  test.setTimeout(300_000);
  await signIn(page, "dev@bulkhead.local");
  await createApp(page, caller);
  await createApp(page, callee);

  // shop → stock on 8080, approved by IT operations (Payments has one developer, so the four-eyes approver is the operator).
  await openApp(page, caller);
  const form = page.getByRole("form", { name: "Request a link" });
  await form.getByLabel("App to call").selectOption({ label: `${callee} (Payments)` });
  await form.getByLabel("Why").fill("the shop reserves stock");
  await form.getByRole("button", { name: "Request link" }).click();
  const ops = await browser.newPage();
  await signIn(ops, "ops@bulkhead.local");
  await ops.getByRole("table", { name: "Link requests awaiting your decision" }).getByRole("row").filter({ hasText: caller }).getByRole("button", { name: "Approve" }).click();
  await expect(ops.getByText("Link approved")).toBeVisible();

  const shop = await deployToEcs(page, caller);
  const stock = await deployToEcs(page, callee);
  await snap(page, "drift-ecs-running");

  // The operator knows where the sandbox's AWS API answers: the target's endpoint.
  await ops.getByRole("link", { name: "Targets" }).click();
  await ops.getByRole("link", { name: "Edit sandbox-aws-ecs" }).click();
  const endpoint = await ops.getByLabel("API endpoint (optional)").inputValue();
  expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);

  // Out of band: three tasks instead of one, and the rule that lets the shop's tasks reach the stock's on 8080 removed.
  await aws(endpoint, "ecs", "update-service", "--cluster", "sandbox", "--service", stock.resource, "--desired-count", "3");
  const { SecurityGroups: groups } = (await aws(endpoint, "ec2", "describe-security-groups", "--filters", `Name=group-name,Values=bulkhead-${stock.resource}@sandbox,bulkhead-${shop.resource}@sandbox`)) as Groups;
  const stockGroup = groups.find((g) => g.GroupName === `bulkhead-${stock.resource}@sandbox`)!;
  const shopGroup = groups.find((g) => g.GroupName === `bulkhead-${shop.resource}@sandbox`)!;
  expect(letsIn(stockGroup, shopGroup.GroupId)).toBe(true);
  const linkRule = [{ IpProtocol: "tcp", FromPort: 8080, ToPort: 8080, UserIdGroupPairs: [{ GroupId: shopGroup.GroupId }] }];
  await aws(endpoint, "ec2", "revoke-security-group-ingress", "--group-id", stockGroup.GroupId, "--ip-permissions", JSON.stringify(linkRule));

  await page.goto(stock.url);
  await checkNow(page);
  const drift = page.getByRole("table", { name: "Drift" });
  await expect(drift.getByRole("row").filter({ hasText: "desiredCount" })).toContainText("3");
  const ingress = drift.getByRole("row").filter({ hasText: "securityGroup.ingress" });
  await expect(ingress).toContainText(`tcp 8080 from bulkhead-${shop.resource}@sandbox`);
  await snap(page, "drift-ecs-found");
  // A second reading of the same drift is not a new one.
  await checkNow(page);
  await expect(drift.getByRole("row").filter({ hasText: "desiredCount" })).toBeVisible();
  const deploymentId = stock.url.slice(stock.url.lastIndexOf("/") + 1);

  const compliance = await browser.newPage();
  await signIn(compliance, "audit@bulkhead.local");
  await compliance.goto(`/audit?action=deployment.drift&resourceType=deployment&resourceId=${deploymentId}`);
  const events = compliance.getByRole("table", { name: "Audit events" }).getByRole("rowgroup").nth(1).getByRole("row");
  await expect(events).toHaveCount(1);
  await expect(events.first()).toContainText("deployment.drift");
  await snap(compliance, "drift-ecs-audited-once");

  await page.getByRole("button", { name: "Re-apply" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Re-apply" }).click();
  await waitForRunning(page, 2);
  await checkNow(page);
  await expect(page.getByText(/^Read back from the cloud .*: matches revision 2\.$/)).toBeVisible();
  await expect(page.getByRole("table", { name: "Drift" })).toHaveCount(0);
  const { SecurityGroups: after } = (await aws(endpoint, "ec2", "describe-security-groups", "--group-ids", stockGroup.GroupId)) as Groups;
  expect(letsIn(after[0], shopGroup.GroupId)).toBe(true);
  await snap(page, "drift-ecs-reapplied");

  await aws(endpoint, "ecs", "delete-service", "--cluster", "sandbox", "--service", stock.resource, "--force");
  await checkNow(page);
  await expect(page.getByRole("status", { name: "Deployment status" })).toHaveText("Missing");
  await expect(page.getByText("The cloud resource is gone since")).toBeVisible();
  await snap(page, "drift-ecs-missing");
});
