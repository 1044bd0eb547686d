import { readFileSync } from "node:fs";
import { expect, test, type Download, type Page } from "./fixtures/journey";
import { createApp } from "./apps";
import { signIn, snap } from "./sign-in";

// A developer keeps a database password as a secret of the app, deploys to the three sandbox clouds and rotates it;
// the compliance officer's export shows the fingerprints and never the value. No page ever shows the value.
test.describe.configure({ timeout: 240_000 });

const VALUE = `hunter2-XYZ-${Date.now().toString(36)}`;
const ROTATED = `correct-horse-${Date.now().toString(36)}`;
const image = `registry.example.com/payments/vault@sha256:${"c".repeat(64)}`;
const forms = (value: string) => [value, Buffer.from(value).toString("base64"), Buffer.from(value).toString("hex")];

async function neverShows(page: Page) {
  const html = await page.content();
  for (const value of [...forms(VALUE), ...forms(ROTATED)]) expect(html).not.toContain(value);
}

test("a developer sets a secret, deploys it to each sandbox cloud and rotates it; compliance exports only fingerprints", async ({ browser, page }) => {
  await signIn(page, "dev@bulkhead.local");
  await createApp(page, "vault-demo");
  const secrets = page.getByRole("table", { name: "Secrets" });
  const form = page.getByRole("form", { name: "Add or rotate a secret" });

  // A name the containers could not have is refused on its field, and nothing is saved.
  await form.getByLabel("Name").fill("DB PASSWORD");
  await form.getByLabel("Value").fill(VALUE);
  await form.getByRole("button", { name: "Save secret" }).click();
  await expect(form.getByRole("alert")).toContainText("letters, digits and underscores");
  await expect(secrets).toHaveCount(0);

  await form.getByLabel("Name").fill("DB_PASSWORD");
  await form.getByRole("button", { name: "Save secret" }).click();
  await expect(page.getByText("Secret DB_PASSWORD saved as version 1")).toBeVisible();
  const row = secrets.getByRole("row").filter({ hasText: "DB_PASSWORD" });
  await expect(row).toContainText("v1");
  await expect(row).toContainText("Every target");
  await expect(row).toContainText("dev@bulkhead.local");
  const firstFingerprint = (await row.locator("code").innerText()).trim();
  expect(firstFingerprint).toMatch(/^[0-9a-f]{16}$/);
  await expect(form.getByLabel("Value")).toHaveValue("");
  await neverShows(page);
  await snap(page, "secret-set");

  const appUrl = page.url();
  for (const [target, provider] of [
    ["sandbox-aws-ecs", "AWS ECS (Fargate)"],
    ["sandbox-azure-aci", "Azure Container Instances"],
    ["sandbox-cloud-run", "Google Cloud Run"],
  ] as const) {
    await page.goto(appUrl);
    await page.getByRole("link", { name: "Deploy" }).click();
    await expect(page).toHaveURL(/\/deploy$/);
    await page.getByLabel("Target", { exact: true }).selectOption({ label: `${target} — ${provider}` });
    await page.getByLabel("Image (pinned by digest)").fill(image);
    // A password as a plain variable is refused, naming it, with a pointer to Secrets.
    await page.getByLabel("Environment variables").fill("GREETING=hello\nAPI_TOKEN=abc123");
    await page.getByRole("button", { name: "Preview plan" }).click();
    await expect(page.getByText(/API_TOKEN looks like a secret .*store it as a secret/)).toBeVisible();
    await page.getByLabel("Environment variables").fill("GREETING=hello");
    await page.getByRole("button", { name: "Preview plan" }).click();
    await expect(page.getByRole("region", { name: "Secrets delivered" })).toContainText(`DB_PASSWORD v1 (${firstFingerprint})`);
    await neverShows(page);
    await page.getByRole("button", { name: "Deploy", exact: true }).click();
    await expect(page).toHaveURL(/\/deployments\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("status", { name: "Deployment status" })).toHaveText("Running", { timeout: 60_000 });
    await expect(page.getByRole("table", { name: "Revisions" })).toContainText(`DB_PASSWORD v1 (${firstFingerprint})`);
    await neverShows(page);
  }
  await snap(page, "secret-deployed");

  // Rotation: a new version, and every live deployment re-applied with it.
  await page.goto(appUrl);
  await secrets.getByRole("button", { name: "Rotate DB_PASSWORD (every target)" }).click();
  await page.getByLabel("New value of DB_PASSWORD").fill(ROTATED);
  await page.getByRole("button", { name: "Save new version" }).click();
  await expect(page.getByText("Secret DB_PASSWORD rotated to version 2; 3 live deployments re-applied with it")).toBeVisible();
  await expect(row).toContainText("v2");
  const rotatedFingerprint = (await row.locator("code").innerText()).trim();
  expect(rotatedFingerprint).not.toBe(firstFingerprint);
  await expect(row.getByText(/v2 \((queued|deploying|running)\)/)).toHaveCount(3);
  await neverShows(page);
  await snap(page, "secret-rotated");

  // The compliance officer exports the trail: the secret's history by fingerprint, never its value.
  const compliance = await browser.newPage();
  await signIn(compliance, "audit@bulkhead.local");
  await compliance.goto("/audit?resourceType=secret");
  const events = compliance.getByRole("table", { name: "Audit events" });
  await expect(events).toContainText("secret.set");
  await expect(events).toContainText("secret.rotate");
  await neverShows(compliance);
  const downloads: Download[] = [];
  compliance.on("download", (download) => downloads.push(download));
  await compliance.goto("/audit");
  await compliance.getByRole("button", { name: "Export NDJSON" }).click();
  // The file and its manifest, then the inclusion proofs at once if a witnessed checkpoint already covers the
  // export (the checkpointer runs every minute), or an offer to fetch them later: wait for one or the other.
  const proofsLater = compliance.getByRole("button", { name: "Download proofs" });
  await expect.poll(async () => downloads.length === 3 || (downloads.length === 2 && (await proofsLater.isVisible()))).toBe(true);
  expect(downloads[0].suggestedFilename()).toMatch(/\.ndjson$/);
  expect(downloads[1].suggestedFilename()).toMatch(/\.manifest\.json$/);
  const file = "e2e/artifacts/exports/secrets.ndjson";
  await downloads[0].saveAs(file);
  const exported = readFileSync(file, "utf8");
  expect(exported).toContain(firstFingerprint);
  expect(exported).toContain(rotatedFingerprint);
  for (const value of [...forms(VALUE), ...forms(ROTATED)]) expect(exported).not.toContain(value);
  await snap(compliance, "secret-audit");
  await compliance.close();
});
