import { createHmac, randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { afterAll, beforeAll, expect, it, vi } from "vitest";

// Planted secrets, searched for everywhere the product shows or records anything (issue 6, acceptance 5).
//
// Planted: an app secret set through the API and rotated (it must reach the clouds' secret stores and the containers,
// and nowhere else), the session/auth secret (BULKHEAD_AUTH_SECRET), the credentials-encryption key
// (BULKHEAD_CREDENTIALS_KEY), the lasting provider credentials of four targets (the sandbox clouds' secrets, made
// at random for the run; one target cannot be reached, so a provider call fails), and a developer's live session token.
// Driven over HTTP through the real route handlers of app/api (auth, tRPC, audit export): sign-ins, target
// create (and a refused duplicate) and list, app create, deploys (three succeed, one fails at the provider),
// deployment reads, better-auth's get-session, refused and unauthenticated calls, audit list and get, CSV and NDJSON export with its
// manifest, identity me/directory and a role change. And an API token: made over tRPC (its one answer holds it),
// used for REST calls under /api/v1 (reads, a deploy, a refusal, the audit export refused), revoked, used again.
// Searched: every response's status line, every header and the whole body; every console line at every
// level (log, info, warn, error, debug, trace) and every JSON log line (pino); every audit row with all columns
// (before/after JSON too); every row of every table of the database.
// Each secret is searched as itself, in base64, base64url and hex (and the key also as its raw bytes' hex).
// The one place a session token must appear — the Set-Cookie header answering its own sign-in — is kept
// out of the search and checked to carry it, so the test is known to look for the real token. Likewise the API
// token's one answer, tokens.create's, is kept out and checked to hold it; the API token is also searched for in
// every row of every table of the database, where only its SHA-256 may be.

const PLANTED_AUTH_SECRET = `PLANTED-auth-secret-${randomBytes(12).toString("hex")}`;
const PLANTED_KEY = randomBytes(32);
process.env.BULKHEAD_AUTH_SECRET = PLANTED_AUTH_SECRET; // read when the auth instance is first made, below
process.env.BULKHEAD_CREDENTIALS_KEY = PLANTED_KEY.toString("base64");
process.env.BULKHEAD_SIGNIN_LIMIT_PER_MINUTE = "1000";

const { exportGET, trpcGET, trpcPOST, authGET, authPOST, restGET, restPOST, exportV1GET } = await import("@/testing/app-routes");
const { hashToken } = await import("@/server/tokens/format");
const { publicUrl, serverEnv } = await import("@/server/config/env");
const { db } = await import("@/server/db/client");
const { appOrigin, makeAccount, TEST_PASSWORD } = await import("@/testing/accounts");
const { makeBaseImage } = await import("@/testing/catalog");
const { makeTeam } = await import("@/testing/callers");
const { baseSettings, startTestSandbox } = await import("@/testing/sandbox");
const { waitFor } = await import("@/testing/wait-for");
const { logTo } = await import("@/server/observability/logger");

const APP_SECRET = `PLANTED-app-secret-${randomBytes(10).toString("hex")}`;
const ROTATED_SECRET = `PLANTED-rotated-${randomBytes(10).toString("hex")}`;

/**
 * What a dump of the database holds: every row of every table of the app's and the job queue's schemas, as Postgres
 * prints it (bytea as hex). pg_dump itself is not to be had here at the server's major version; its data is this.
 */
async function everyRow(): Promise<string> {
  const tables = await db().$queryRaw<{ name: string }[]>`
    SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
    WHERE table_schema IN ('public', 'pgboss') AND table_type = 'BASE TABLE' ORDER BY 1`;
  expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(["public.\"AppSecretVersion\"", "public.\"DeploymentRevision\"", "pgboss.job"]));
  const dumps: string[] = [];
  for (const { name } of tables) {
    const rows = await db().$queryRawUnsafe<{ row: string }[]>(`SELECT t::text AS row FROM ${name} t`);
    dumps.push(`${name}\n${rows.map((r) => r.row).join("\n")}`);
  }
  return dumps.join("\n");
}


const logged: string[] = [];
const seen: { what: string; text: string }[] = [];
let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;

beforeAll(async () => {
  for (const level of ["log", "info", "warn", "error", "debug", "trace"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack} ${JSON.stringify(a)}` : typeof a === "string" ? a : JSON.stringify(a))).join(" "));
    });
  }
  logTo(new Writable({ write: (chunk, _encoding, done) => (logged.push(String(chunk)), done()) }));
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  vi.restoreAllMocks();
  await sandbox?.stop();
});

const url = (path: string) => `${publicUrl(serverEnv())}${path}`;

/** The sandbox clouds' secrets, made at random for this run: the AWS secret key, the Azure client secret, the body of the Google key. */
function providerSecrets() {
  const { clouds } = sandbox;
  return {
    aws: clouds["aws-ecs"].credentials.secretAccessKey,
    azure: clouds["azure-aci"].credentials.clientSecret!,
    gcp: (JSON.parse(clouds["gcp-cloud-run"].credentials.serviceAccountKey) as { private_key: string }).private_key.split("\n").slice(1, 3).join(""),
  };
}

/** Keeps everything of a response: status line, every header, the whole body. */
async function keep(what: string, response: Response, { skipSetCookie = false } = {}) {
  const headers = [...response.headers].filter(([name]) => !(skipSetCookie && name === "set-cookie")).map(([name, value]) => `${name}: ${value}`);
  const body = await response.text();
  seen.push({ what, text: `${response.status} ${response.statusText}\n${headers.join("\n")}\n\n${body}` });
  return { status: response.status, body, headers: response.headers };
}

async function signIn(email: string) {
  const request = new Request(url("/api/auth/sign-in/email"), {
    method: "POST",
    headers: { "content-type": "application/json", origin: appOrigin(), "x-forwarded-for": "192.0.2.50" },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  const response = await authPOST(request);
  const setCookie = response.headers.getSetCookie();
  await keep(`sign-in ${email}`, response, { skipSetCookie: true });
  expect(response.status).toBe(200);
  return { cookie: setCookie.map((line) => line.split(";")[0]).join("; "), setCookie };
}

async function trpc(cookie: string, path: string, input: unknown, kind: "query" | "mutation") {
  const encoded = JSON.stringify({ json: input });
  const response =
    kind === "query"
      ? await trpcGET(new Request(url(`/api/trpc/${path}?input=${encodeURIComponent(encoded)}`), { headers: { cookie } }))
      : await trpcPOST(new Request(url(`/api/trpc/${path}`), { method: "POST", headers: { cookie, origin: appOrigin(), "content-type": "application/json" }, body: encoded }));
  const kept = await keep(`${kind} ${path}`, response);
  return { status: kept.status, data: kept.status === 200 ? (JSON.parse(kept.body).result.data.json as Record<string, unknown>) : null };
}

const encodings = (value: string | Buffer) => {
  const bytes = typeof value === "string" ? Buffer.from(value) : value;
  return [...(typeof value === "string" ? [value] : []), bytes.toString("base64"), bytes.toString("base64url"), bytes.toString("hex")];
};

it("no planted secret appears in any response, log line or audit row", { timeout: 180_000 }, async () => {
  const team = await makeTeam("Planted");
  const baseImageId = (await makeBaseImage()).id;
  const people = {
    operator: await makeAccount("operator"),
    developer: await makeAccount("developer", [team.id]),
    compliance: await makeAccount("compliance"),
    admin: await makeAccount("admin"),
  };
  const ops = await signIn(people.operator.email);
  const dev = await signIn(people.developer.email);
  const audit = await signIn(people.compliance.email);
  const admin = await signIn(people.admin.email);
  // A wrong password: refused, audited, and logged by better-auth (so the console has lines to search).
  const wrong = await authPOST(new Request(url("/api/auth/sign-in/email"), {
    method: "POST",
    headers: { "content-type": "application/json", origin: appOrigin(), "x-forwarded-for": "192.0.2.51" },
    body: JSON.stringify({ email: people.developer.email, password: "not-the-password" }),
  }));
  expect((await keep("wrong sign-in", wrong)).status).toBe(401);
  const devSession = await db().session.findFirstOrThrow({ where: { userId: people.developer.id } });
  // Control: the developer's Set-Cookie carries exactly this token, signed with the planted auth secret.
  const devCookie = decodeURIComponent(dev.setCookie.find((line) => line.startsWith("__Secure-bulkhead.session_token="))!.split(";")[0].split("=").slice(1).join("="));
  expect(devCookie).toBe(`${devSession.token}.${createHmac("sha256", PLANTED_AUTH_SECRET).update(devSession.token).digest("base64")}`);

  // Targets with the sandbox clouds' own secrets (unique to this run: the planted provider credentials); a duplicate
  // is refused. The last points at a path the emulator does not serve: AWS answers 404 and its deployment fails.
  const sandboxTargets = await Promise.all((["aws-ecs", "azure-aci", "gcp-cloud-run"] as const).map((kind) => db().target.findUniqueOrThrow({ where: { id: sandbox.byKind[kind].targetId } })));
  const [awsT, azureT, gcpT] = sandboxTargets;
  const { clouds } = sandbox;
  const creds = [
    { name: "planted-aws", coordinates: awsT.coordinates, credentials: clouds["aws-ecs"].credentials, endpoint: clouds["aws-ecs"].endpoint, labels: { zone: "private" } },
    { name: "planted-azure", coordinates: azureT.coordinates, credentials: clouds["azure-aci"].credentials, endpoint: clouds["azure-aci"].endpoint, caCertificate: clouds["azure-aci"].caCertificate },
    { name: "planted-gcp", coordinates: gcpT.coordinates, credentials: clouds["gcp-cloud-run"].credentials, endpoint: clouds["gcp-cloud-run"].endpoint, caCertificate: clouds["gcp-cloud-run"].caCertificate },
    { name: "planted-unreachable", coordinates: awsT.coordinates, credentials: clouds["aws-ecs"].credentials, endpoint: new URL("/not-ecs", clouds["aws-ecs"].endpoint).toString() },
  ];
  const targets = [];
  for (const input of creds) {
    const created = await trpc(ops.cookie, "targets.create", input, "mutation");
    expect(created.status).toBe(200);
    targets.push(created.data!.id as string);
  }
  expect((await trpc(ops.cookie, "targets.create", creds[0], "mutation")).status).toBe(409);
  await trpc(ops.cookie, "targets.list", undefined, "query");
  await trpc(ops.cookie, "targets.rotateCredentials", { id: targets[0], credentials: clouds["aws-ecs"].credentials }, "mutation");

  // The developer deploys to each, with an app secret; one deployment fails at the provider.
  const outcomes: string[] = [];
  const apps: string[] = [];
  const deployments: string[] = [];
  for (const [index, targetId] of targets.entries()) {
    const app = await trpc(dev.cookie, "apps.create", { teamId: team.id, name: `planted-${index}`, description: "", classification: "internal", baseImageId }, "mutation");
    expect(app.status).toBe(200);
    apps.push(app.data!.id as string);
    expect((await trpc(dev.cookie, "secrets.set", { appId: app.data!.id, name: "DB_PASSWORD", value: APP_SECRET }, "mutation")).status).toBe(200);
    // Refused without a word of the value: a plain variable holding it, and a second secret far too long.
    expect((await trpc(dev.cookie, "deployments.deploy", { appId: app.data!.id, targetId, ...baseSettings, env: { DB_PASSWORD: APP_SECRET } }, "mutation")).status).toBe(400);
    expect((await trpc(dev.cookie, "secrets.set", { appId: app.data!.id, name: "HUGE_SECRET", value: APP_SECRET.repeat(5000) }, "mutation")).status).toBe(400);
    const deployed = await trpc(dev.cookie, "deployments.deploy", { appId: app.data!.id, targetId, ...baseSettings }, "mutation");
    expect(deployed.status).toBe(200);
    const id = deployed.data!.id as string;
    deployments.push(id);
    const settled = await waitFor("deployment to settle", async () => {
      const d = await db().deployment.findUniqueOrThrow({ where: { id } });
      return d.status === "running" || d.status === "failed" ? d : undefined;
    }, 90_000);
    outcomes.push(settled.status);
    await trpc(dev.cookie, "deployments.get", { id }, "query");
  }
  expect(outcomes).toEqual(["running", "running", "running", "failed"]);

  // Rotation reaches each running deployment; every role reads the app's secrets and deployments.
  for (const [index, appId] of apps.slice(0, 3).entries()) {
    expect((await trpc(dev.cookie, "secrets.set", { appId, name: "DB_PASSWORD", value: ROTATED_SECRET }, "mutation")).status).toBe(200);
    await waitFor("the rotated secret to run", async () => {
      const d = await db().deployment.findUniqueOrThrow({ where: { id: deployments[index] } });
      return d.status === "running" && d.runningRevision === 2 ? d : undefined;
    }, 90_000);
  }
  for (const person of [dev, ops, audit, admin]) {
    await trpc(person.cookie, "secrets.list", { appId: apps[0] }, "query");
    await trpc(person.cookie, "deployments.get", { id: deployments[0] }, "query");
  }
  await trpc(dev.cookie, "deployments.preview", { appId: apps[1], targetId: targets[1], ...baseSettings }, "query");

  // Where the values must be: the clouds' own stores and what each running container sees, on the three clouds deployed to.
  const emulators = (["aws-ecs", "azure-aci", "gcp-cloud-run"] as const).map((kind) => sandbox.byKind[kind].emulator);
  const stored = emulators.flatMap((emulator) => Object.values(emulator.storedSecrets()));
  expect(stored).toContain(APP_SECRET);
  expect(stored).toContain(ROTATED_SECRET);
  for (const emulator of emulators) {
    const seenByContainers = Object.values(emulator.containerEnvironments()).map((env) => env.DB_PASSWORD);
    expect(seenByContainers).toContain(ROTATED_SECRET);
  }
  await trpc(dev.cookie, "deployments.list", {}, "query");
  await trpc(dev.cookie, "identity.me", undefined, "query");
  const session = await keep("get-session", await authGET(new Request(url("/api/auth/get-session"), { headers: { cookie: dev.cookie } })));
  expect(JSON.parse(session.body).user.email).toBe(people.developer.email);
  // Refused and unauthenticated calls.
  expect((await trpc(dev.cookie, "identity.directory", undefined, "query")).status).toBe(403);
  expect((await trpc(`__Secure-bulkhead.session_token=${devSession.token}.forged`, "identity.me", undefined, "query")).status).toBe(401);

  // The compliance officer reads and exports the trail.
  const list = await trpc(audit.cookie, "audit.list", { limit: 200 }, "query");
  const newest = (list.data!.events as { sequence: string }[])[0];
  await trpc(audit.cookie, "audit.get", { sequence: newest.sequence }, "query");
  for (const format of ["csv", "ndjson"]) {
    const file = await exportGET(new Request(url(`/api/audit/export?format=${format}`), { headers: { cookie: audit.cookie, "sec-fetch-site": "same-origin" } }));
    const exportId = file.headers.get("x-audit-export-id");
    expect((await keep(`export ${format}`, file)).status).toBe(200);
    const manifest = await exportGET(new Request(url(`/api/audit/export?part=manifest&exportId=${exportId}`), { headers: { cookie: audit.cookie } }));
    expect((await keep(`manifest ${format}`, manifest)).status).toBe(200);
  }

  // The developer makes an API token (its answer is the one place it may appear) and a CI job uses it over REST.
  const tokenAnswer = await trpcPOST(new Request(url("/api/trpc/tokens.create"), {
    method: "POST",
    headers: { cookie: dev.cookie, origin: appOrigin(), "content-type": "application/json" },
    body: JSON.stringify({ json: { name: "planted-ci", abilities: ["read", "deploy"], expiresInDays: 7 } }),
  }));
  expect(tokenAnswer.status).toBe(200);
  const made = JSON.parse(await tokenAnswer.text()).result.data.json as { secret: string; token: { id: string } };
  const apiToken = made.secret;
  expect(apiToken).toMatch(/^bh_/);
  const bearer = { authorization: `Bearer ${apiToken}`, "x-forwarded-for": "192.0.2.60", "user-agent": "planted-ci" };
  const rest = async (what: string, response: Promise<Response>) => (await keep(`REST ${what}`, await response)).status;
  expect(await rest("GET /apps", restGET(new Request(url("/api/v1/apps"), { headers: bearer })))).toBe(200);
  expect(await rest("GET /tokens/current", restGET(new Request(url("/api/v1/tokens/current"), { headers: bearer })))).toBe(200);
  const ciApp = await trpc(dev.cookie, "apps.create", { teamId: team.id, name: "planted-ci-app", description: "", classification: "internal", baseImageId }, "mutation");
  const ciDeploy = { appId: ciApp.data!.id, targetId: targets[0], ...baseSettings };
  expect(await rest("POST /deployments", restPOST(new Request(url("/api/v1/deployments"), { method: "POST", headers: { ...bearer, "content-type": "application/json" }, body: JSON.stringify(ciDeploy) })))).toBe(200);
  expect(await rest("POST /deployments (bad input)", restPOST(new Request(url("/api/v1/deployments"), { method: "POST", headers: { ...bearer, "content-type": "application/json" }, body: JSON.stringify({ ...ciDeploy, image: "x:latest" }) })))).toBe(400);
  expect(await rest("POST /apps (no ability)", restPOST(new Request(url("/api/v1/apps"), { method: "POST", headers: { ...bearer, "content-type": "application/json" }, body: JSON.stringify({ teamId: team.id, name: "nope", description: "", classification: "internal", baseImageId }) })))).toBe(403);
  expect((await keep("REST audit export (no ability)", await exportV1GET(new Request(url("/api/v1/audit/export?format=csv"), { headers: bearer })))).status).toBe(403);
  const tokenRow = await db().apiToken.findUniqueOrThrow({ where: { id: made.token.id } });
  expect(tokenRow.hash).toBe(hashToken(apiToken));
  expect(await trpc(dev.cookie, "tokens.revoke", { id: made.token.id }, "mutation").then((r) => r.status)).toBe(200);
  expect(await rest("GET /apps (revoked)", restGET(new Request(url("/api/v1/apps"), { headers: bearer })))).toBe(401);
  await trpc(dev.cookie, "tokens.list", undefined, "query");

  // The admin looks at people and changes a role (revoking that person's sessions).
  await trpc(admin.cookie, "identity.directory", undefined, "query");
  expect((await trpc(admin.cookie, "identity.setRole", { userId: people.compliance.id, role: "compliance", teamIds: [] }, "mutation")).status).toBe(200);

  const auditRows = JSON.stringify(await db().auditEvent.findMany({ orderBy: { sequence: "asc" } }), (_, v) => (typeof v === "bigint" ? v.toString() : v));
  // The search has something to search: the trail holds this run's work, the logs the failed provider call.
  expect(auditRows).toContain("planted-unreachable");
  expect(auditRows).toContain("identity.setRole");
  expect(auditRows).toContain(`via token ${made.token.id}`);
  // Every row of every table, as text: the API token may be there as its hash only.
  const database = await everyRow();
  expect(database).toContain(tokenRow.hash);
  expect(seen.length).toBeGreaterThan(25);
  expect(logged.some((line) => line.includes("Invalid password"))).toBe(true);

  const secrets: Record<string, string[]> = {
    "app secret": encodings(APP_SECRET),
    "rotated app secret": encodings(ROTATED_SECRET),
    "auth secret": encodings(PLANTED_AUTH_SECRET),
    "credentials key": encodings(PLANTED_KEY),
    "developer session token": encodings(devSession.token),
    "API token": encodings(apiToken),
    ...Object.fromEntries(Object.entries(providerSecrets()).map(([cloud, value]) => [`${cloud} credential`, encodings(value)])),
  };
  const places = [
    ...seen.map(({ what, text }) => ({ where: `response to ${what}`, text })),
    { where: "console", text: logged.join("\n") },
    { where: "audit rows", text: auditRows },
  ];
  const found: string[] = [];
  for (const [name, forms] of Object.entries(secrets)) {
    for (const form of forms) for (const place of places) if (place.text.includes(form)) found.push(`${name} (${form.slice(0, 12)}…) in ${place.where}`);
  }
  // App secrets are sealed at rest and an API token is kept as its hash; better-auth keeps session tokens as they
  // are, so only the former are searched here.
  for (const form of [...encodings(APP_SECRET), ...encodings(ROTATED_SECRET), ...secrets["API token"]]) if (database.includes(form)) found.push(`a secret (${form.slice(0, 12)}…) in the database`);
  process.stdout.write(`searched ${places.length} places (${seen.length} responses, ${logged.length} console lines, the audit rows) for ${Object.values(secrets).flat().length} planted forms\n`);
  expect(found).toEqual([]);
});
