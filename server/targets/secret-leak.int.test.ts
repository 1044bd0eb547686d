import { Writable } from "node:stream";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { db } from "@/server/db/client";
import { logTo } from "@/server/observability/logger";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";
import { baseSettings, startTestSandbox } from "@/testing/sandbox";
import { waitFor } from "@/testing/wait-for";

// Registers targets with the sandbox clouds' real (unique per start) secrets, tests their connections, rotates
// one, deploys through them, and then looks for the secrets in every API response, every console and log line
// and every audit row.

let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
const logged: string[] = [];

beforeAll(async () => {
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === "string" ? a : JSON.stringify(a))).join(" ")));
  }
  logTo(new Writable({ write: (chunk, _encoding, done) => (logged.push(String(chunk)), done()) }));
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  vi.restoreAllMocks();
  await sandbox?.stop();
});

it("target credentials never appear in API responses, logs or audit events", { timeout: 120_000 }, async () => {
  const operator = await makeCaller("operator");
  const { clouds } = sandbox;
  const gcpKey = JSON.parse(clouds["gcp-cloud-run"].credentials.serviceAccountKey) as { private_key: string };
  const secrets = {
    aws: clouds["aws-ecs"].credentials.secretAccessKey,
    azure: clouds["azure-aci"].credentials.clientSecret!,
    // The key's body, without its PEM armour (which every key shares).
    gcp: gcpKey.private_key.split("\n").slice(1, 3).join(""),
  };
  const responses: unknown[] = [];
  const existing = await Promise.all((["aws-ecs", "azure-aci", "gcp-cloud-run"] as const).map((kind) => db().target.findUniqueOrThrow({ where: { id: sandbox.byKind[kind].targetId } })));
  const created = [];
  for (const [index, kind] of (["aws-ecs", "azure-aci", "gcp-cloud-run"] as const).entries()) {
    created.push(
      await operator.caller.targets.create({
        name: `planted-${kind}`,
        coordinates: existing[index].coordinates as never,
        credentials: clouds[kind].credentials as never,
        endpoint: clouds[kind].endpoint,
        caCertificate: clouds[kind].caCertificate,
      }),
    );
  }
  responses.push(created, await operator.caller.targets.list());
  // A duplicate is refused; its error must not echo the secret either.
  responses.push(await operator.caller.targets.create({ name: "planted-aws-ecs", coordinates: existing[0].coordinates as never, credentials: clouds["aws-ecs"].credentials as never }).catch((e: Error) => e.message));
  // Rotating to the same credentials (and back) goes through the audit trail as fingerprints.
  responses.push(await operator.caller.targets.rotateCredentials({ id: created[0].id, credentials: clouds["aws-ecs"].credentials as never }));
  // Wrong credentials make the provider refuse, in words that must not carry them either.
  responses.push(await operator.caller.targets.rotateCredentials({ id: created[1].id, credentials: { ...clouds["azure-aci"].credentials, clientSecret: `${secrets.azure}-wrong` } as never }));
  const check = await operator.caller.targets.testConnection({ id: created[1].id });
  const refused = await waitFor("the connection check to fail", async () => {
    const answer = await operator.caller.targets.connectionCheck({ id: check.id });
    return answer.status === "queued" ? undefined : answer;
  });
  expect(refused.status).toBe("failed");
  expect(refused.message).toMatch(/AADSTS7000215/);
  responses.push(refused);
  responses.push(await operator.caller.targets.rotateCredentials({ id: created[1].id, credentials: clouds["azure-aci"].credentials as never }));

  const teamId = (await makeTeam("Leak")).id;
  const baseImageId = (await makeBaseImage()).id;
  const dev = await makeCaller("developer", [teamId]);
  for (const [index, target] of created.entries()) {
    const app = await dev.caller.apps.create({ teamId, name: `leak-${index}`, description: "", classification: "internal", baseImageId });
    const deployment = await dev.caller.deployments.deploy({ appId: app.id, targetId: target.id, ...baseSettings });
    responses.push(deployment);
    const settled = await waitFor("deployment to settle", async () => {
      const d = await db().deployment.findUniqueOrThrow({ where: { id: deployment.id } });
      return d.status === "running" || d.status === "failed" ? d : undefined;
    });
    expect(settled.status, settled.statusMessage).toBe("running");
    responses.push(await dev.caller.deployments.get({ id: deployment.id }), await dev.caller.deployments.list({}));
  }

  const audit = JSON.stringify(await db().auditEvent.findMany(), (_, value) => (typeof value === "bigint" ? value.toString() : value));
  const everything = { responses: JSON.stringify(responses), logs: logged.join("\n"), audit };
  expect(audit).toContain("planted-aws-ecs");
  expect(audit).toContain("target.rotate-credentials");
  for (const [where, text] of Object.entries(everything)) {
    for (const [cloud, secret] of Object.entries(secrets)) expect(text.includes(secret), `${cloud} secret found in ${where}`).toBe(false);
  }
  // At rest the credentials are sealed, not plain.
  const row = await db().target.findUniqueOrThrow({ where: { id: created[0].id } });
  expect(Buffer.from(row.credentials).toString("latin1")).not.toContain(secrets.aws);
});
