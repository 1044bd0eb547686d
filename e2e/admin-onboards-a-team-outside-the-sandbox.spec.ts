import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Browser, type Page } from "./fixtures/journey";
import { createApp } from "./apps";
import { startNodeScript, type Started } from "./processes";
import { snap } from "./sign-in";

// Bulkhead as an installation outside the sandbox meets it: BULKHEAD_SANDBOX=0, no demo data, the first admin and
// the shared keys from the environment, and the clouds (their APIs behind token-checking front doors, with STS,
// Entra and Google's token endpoint, tokens lasting 60 s) started on their own. The admin builds a team, invites a
// developer and an operator, who set their passwords through their links; the operator registers a target on
// each cloud with lasting credentials and tests each connection; the developer deploys to all three; the admin
// deactivates the developer, whose open session fails at its next request.

const port = Number(process.env.E2E_PORT ?? 3199) + 20;
const baseURL = `http://localhost:${port}`;
const ADMIN = { email: "root@acme.test", password: "correct-horse-admin-password" };
const DEVELOPER = { email: "dana@acme.test", name: "Dana Dev", password: "dana-chooses-a-long-password" };
const OPERATOR = { email: "olli@acme.test", name: "Olli Ops", password: "olli-chooses-a-long-password" };
const image = `registry.example.com/checkout/api@sha256:${"c".repeat(64)}`;

interface Registration {
  clouds: {
    "aws-ecs": { endpoint: string; credentials: { accessKeyId: string; secretAccessKey: string; assumeRole: { roleArn: string; externalId: string }; stsEndpoint: string }; accountId: string; coordinates: { cluster: string; subnets: string[]; securityGroups: string[] } };
    "azure-aci": { endpoint: string; caCertificate: string; credentials: { tenantId: string; clientId: string; clientSecret: string; authorityHost: string }; subscriptionId: string };
    "gcp-cloud-run": { endpoint: string; caCertificate: string; credentials: { serviceAccountKey: string }; projectId: string };
  };
}

let clouds: Started | undefined;
let bulkhead: Started | undefined;
let registration: Registration;

test.beforeAll(async () => {
  test.setTimeout(420_000);
  clouds = await startNodeScript("scripts/emulator.ts", ["clouds", "--delay", "500", "--token-seconds", "60"], {}, /sandbox clouds listening/);
  registration = JSON.parse(clouds.output().split("\n").find((line) => line.startsWith("{"))!) as Registration;
  bulkhead = await startNodeScript(
    "scripts/start.ts",
    [],
    {
      PORT: String(port),
      BULKHEAD_DATA_DIR: mkdtempSync(path.join(tmpdir(), "bulkhead-e2e-installation-")),
      BULKHEAD_SANDBOX: "0",
      // Its own embedded Postgres, whatever database the rest of the suite uses.
      DATABASE_URL: "",
      BULKHEAD_APP_DATABASE_URL: "",
      BULKHEAD_ADMIN_EMAIL: ADMIN.email,
      BULKHEAD_ADMIN_PASSWORD: ADMIN.password,
      BULKHEAD_AUTH_SECRET: randomBytes(32).toString("base64"),
      BULKHEAD_CREDENTIALS_KEY: randomBytes(32).toString("base64"),
      BULKHEAD_SECRETS_KEY: randomBytes(32).toString("base64"),
      BULKHEAD_AUDIT_SIGNING_KEY: generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      // This journey signs in from one address more often than a person would.
      BULKHEAD_SIGNIN_LIMIT_PER_MINUTE: "1000",
    },
    /ready on http/,
  );
});

test.afterAll(async () => {
  await bulkhead?.stop();
  await clouds?.stop();
});

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).not.toHaveURL(/sign-in/);
}

/** The admin invites a person; the one-time link is read off the page, as the admin would copy it. */
async function invite(admin: Page, email: string, role: string, team: string | null): Promise<string> {
  await admin.getByLabel("Email", { exact: true }).fill(email);
  await admin.getByLabel("Role", { exact: true }).selectOption(role);
  await admin.getByLabel("Team", { exact: true }).selectOption(team ? { label: team } : { value: "" });
  await admin.getByRole("button", { name: "Invite", exact: true }).click();
  const issued = admin.getByRole("region", { name: "Invitation link" });
  await expect(issued).toContainText(email);
  await expect(issued).toContainText("No mail server is configured");
  return admin.getByLabel("One-time link (shown only now)").inputValue();
}

/** The invited person opens the link in a browser of their own, chooses a password and signs in. */
async function accept(browser: Browser, link: string, person: { email: string; name: string; password: string }, invitedAs: RegExp): Promise<Page> {
  const page = await (await browser.newContext({ baseURL })).newPage();
  await page.goto(link);
  await expect(page.getByText(invitedAs)).toBeVisible();
  await page.getByLabel("Your name").fill(person.name);
  await page.getByLabel("Password", { exact: true }).fill(person.password);
  await page.getByLabel("Password again").fill(person.password);
  await page.getByRole("button", { name: "Create my account" }).click();
  await expect(page.getByRole("heading", { name: "Your account is ready" })).toBeVisible();
  // The link works once.
  const again = await (await browser.newContext({ baseURL })).newPage();
  await again.goto(link);
  await expect(again.getByText("This invitation link is not valid")).toBeVisible();
  await again.close();
  await page.getByRole("link", { name: "Sign in" }).click();
  await signIn(page, person.email, person.password);
  return page;
}

async function registerTarget(page: Page, kind: string, name: string, region: string, fields: [string, string][]) {
  await page.goto("/targets/new");
  await page.getByLabel("Provider").selectOption(kind);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Region").fill(region);
  for (const [label, value] of fields) await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByRole("button", { name: "Register target" }).click();
  await expect(page).toHaveURL(/\/targets$/);
  const row = page.getByRole("row").filter({ hasText: name });
  await row.getByRole("button", { name: "Test connection" }).click();
  await expect(row.getByRole("status", { name: `Connection test of ${name}` })).toContainText("Passed: ", { timeout: 30_000 });
}

async function deployTo(page: Page, app: string, target: string) {
  await page.goto("/apps");
  await page.getByRole("link", { name: app }).click();
  await page.getByRole("link", { name: "Deploy" }).click();
  await page.getByLabel("Target").selectOption({ label: target });
  await page.getByLabel("Image (pinned by digest)").fill(image);
  await page.getByRole("button", { name: "Preview plan" }).click();
  await expect(page.getByRole("region", { name: "Provider plan" })).toBeVisible();
  await page.getByRole("button", { name: "Deploy", exact: true }).click();
  await expect(page).toHaveURL(/\/deployments\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("status", { name: "Deployment status" })).toHaveText("Running", { timeout: 60_000 });
}

test("an admin onboards a team outside the sandbox; its operator registers lasting credentials on each cloud and its developer deploys to all three until deactivated", async ({ browser }) => {
  test.setTimeout(900_000);
  const { clouds: cloud } = registration;
  const admin = await (await browser.newContext({ baseURL })).newPage();
  await signIn(admin, ADMIN.email, ADMIN.password);

  await test.step("the admin creates a team and invites a developer and an operator", async () => {
    await admin.goto("/admin");
    await admin.getByLabel("Team name").fill("Checkout");
    await admin.getByRole("button", { name: "Create team" }).click();
    await expect(admin.getByRole("table", { name: "Teams" })).toContainText("checkout");
  });
  const developerLink = await invite(admin, DEVELOPER.email, "developer", "Checkout");
  const operatorLink = await invite(admin, OPERATOR.email, "operator", null);
  await expect(admin.getByRole("table", { name: "Pending invitations" })).toContainText(OPERATOR.email);
  await snap(admin, "installation-invitations");

  const operator = await accept(browser, operatorLink, OPERATOR, /invited as IT operations\./);
  const developer = await accept(browser, developerLink, DEVELOPER, /invited as Developer on the Checkout team/);

  await test.step("the operator adds a base image and registers a target on each cloud, testing each connection", async () => {
    await operator.goto("/catalog/new");
    await operator.getByLabel("Family").selectOption("os");
    await operator.getByLabel("Name").fill("Red Hat UBI");
    await operator.getByLabel("Version").fill("9.6");
    await operator.getByLabel("Registry reference (pinned by digest)").fill(`registry.access.redhat.com/ubi9/ubi@sha256:${"9".repeat(64)}`);
    await operator.getByRole("button", { name: "Add base image" }).click();
    await expect(operator).toHaveURL(/\/catalog$/);

    const aws = cloud["aws-ecs"];
    await registerTarget(operator, "aws-ecs", "prod-aws", "eu-west-1", [
      // What the account's landing zone holds (the cluster, its subnets, the tasks' shared group): ECS refuses others.
      ["ECS cluster", aws.coordinates.cluster],
      ["Subnets (comma-separated)", aws.coordinates.subnets.join(",")],
      ["Security groups (comma-separated)", aws.coordinates.securityGroups.join(",")],
      ["Task execution role ARN", `arn:aws:iam::${aws.accountId}:role/ecsTaskExecutionRole`],
      ["Access key id", aws.credentials.accessKeyId],
      ["Secret access key", aws.credentials.secretAccessKey],
      ["Role to assume (ARN, optional)", aws.credentials.assumeRole.roleArn],
      ["External id the role requires (optional)", aws.credentials.assumeRole.externalId],
      ["STS endpoint (optional)", aws.credentials.stsEndpoint],
      ["API endpoint (optional)", aws.endpoint],
    ]);
    const azure = cloud["azure-aci"];
    await registerTarget(operator, "azure-aci", "prod-azure", "westeurope", [
      ["Subscription id", azure.subscriptionId],
      ["Resource group", "checkout"],
      ["Tenant id", azure.credentials.tenantId],
      ["Client id", azure.credentials.clientId],
      ["Client secret", azure.credentials.clientSecret],
      ["Authority host (optional)", azure.credentials.authorityHost],
      ["API endpoint (optional)", azure.endpoint],
      ["CA certificate to trust for it (PEM, optional)", azure.caCertificate],
    ]);
    const gcp = cloud["gcp-cloud-run"];
    await registerTarget(operator, "gcp-cloud-run", "prod-run", "europe-west1", [
      ["Project id", gcp.projectId],
      ["Service account key (JSON)", gcp.credentials.serviceAccountKey],
      ["API endpoint (optional)", gcp.endpoint],
      ["CA certificate to trust for it (PEM, optional)", gcp.caCertificate],
    ]);
    const page = await operator.content();
    for (const secret of [aws.credentials.secretAccessKey, azure.credentials.clientSecret, JSON.parse(gcp.credentials.serviceAccountKey).private_key.split("\n")[1]]) expect(page).not.toContain(secret);
    await snap(operator, "installation-targets");
  });

  await test.step("the developer deploys to all three clouds", async () => {
    await createApp(developer, "checkout-api", "Red Hat UBI 9.6");
    await deployTo(developer, "checkout-api", "prod-aws — AWS ECS (Fargate)");
    await deployTo(developer, "checkout-api", "prod-azure — Azure Container Instances");
    await deployTo(developer, "checkout-api", "prod-run — Google Cloud Run");
    await snap(developer, "installation-deployed");
  });

  await test.step("the admin deactivates the developer, whose open session fails at its next request", async () => {
    await admin.goto("/admin");
    await admin.getByRole("button", { name: `Deactivate ${DEVELOPER.email}` }).click();
    await admin.getByRole("alertdialog").getByRole("button", { name: "Deactivate and sign out" }).click();
    await expect(admin.getByRole("row").filter({ hasText: DEVELOPER.email })).toContainText("deactivated");
    await developer.goto("/apps");
    await expect(developer).toHaveURL(/\/sign-in/);
    await developer.getByLabel("Email").fill(DEVELOPER.email);
    await developer.getByLabel("Password").fill(DEVELOPER.password);
    await developer.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(developer.getByText("This account is deactivated")).toBeVisible();
    await snap(developer, "installation-deactivated");
  });
});
