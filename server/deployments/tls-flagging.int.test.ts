import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";
import { baseSettings, startTestSandbox } from "@/testing/sandbox";
import { waitFor } from "@/testing/wait-for";

// Issue 4, acceptance 3 below the browser: with ingress TLS required, the sandbox's Cloud Run target (a TLS 1.2
// load balancer) and Azure target (an approved TLS sidecar) run public apps; raising the minimum to 1.3 flags
// the Cloud Run deployment, whose load balancer cannot meet it, and not the Azure one, whose sidecar can.

let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
let dev: Awaited<ReturnType<typeof makeCaller>>;
let ops: Awaited<ReturnType<typeof makeCaller>>;
let teamId: string;

beforeAll(async () => {
  sandbox = await startTestSandbox({ provisionDelayMs: 50 });
  teamId = (await makeTeam("Tls")).id;
  dev = await makeCaller("developer", [teamId]);
  ops = await makeCaller("operator");
});
afterAll(() => sandbox?.stop());

async function runningOn(kind: "azure-aci" | "gcp-cloud-run", name: string) {
  const image = await makeBaseImage({ name: `UBI for ${name}`, version: "9.6" });
  const app = await dev.caller.apps.create({ teamId, name, description: "", classification: "internal", baseImageId: image.id });
  const deployment = await dev.caller.deployments.deploy({ appId: app.id, targetId: sandbox.byKind[kind].targetId, ...baseSettings });
  await waitFor(`${name} running`, async () => (await db().deployment.findUniqueOrThrow({ where: { id: deployment.id } })).status === "running", 30_000);
  return deployment;
}

it("runs public apps under required ingress TLS on the sandbox's equipped targets and flags only the one below a raised minimum", async () => {
  const platform = (await ops.caller.policy.get()).platform;
  await ops.caller.policy.setPlatform({ ...platform, encryption: { ...platform.encryption, ingressTlsRequired: true, httpRedirectToHttps: true, minTlsVersion: "1.2" } });

  const onCloudRun = await runningOn("gcp-cloud-run", "shop-web");
  const onAzure = await runningOn("azure-aci", "shop-api");
  const preview = await dev.caller.deployments.preview({ appId: onAzure.appId, targetId: sandbox.byKind["azure-aci"].targetId, ...baseSettings });
  expect(preview.plan?.enforcement).toContainEqual(expect.objectContaining({ setting: "minTlsVersion", by: "request", construct: expect.stringMatching(/TLS_MIN_VERSION=1\.2/) }));
  expect(await dev.caller.deployments.nonCompliant()).toEqual([]);

  const raised = { ...platform, encryption: { ...platform.encryption, ingressTlsRequired: true, httpRedirectToHttps: true, minTlsVersion: "1.3" as const } };
  const belowRaised = expect.stringMatching(/minTlsVersion.*sandbox-tls12 allows TLS 1\.2, below the required 1\.3/);
  // Before confirming, the operator sees what saving would flag; the preview itself saves and audits nothing.
  const eventsBefore = await db().auditEvent.count();
  const impact = await ops.caller.policy.impact(raised);
  expect(impact.affected.filter((d) => d.app.id === onCloudRun.appId || d.app.id === onAzure.appId)).toEqual([expect.objectContaining({ id: onCloudRun.id, app: { id: onCloudRun.appId, name: "shop-web" }, reasons: [belowRaised] })]);
  expect((await ops.caller.policy.get()).platform.encryption.minTlsVersion).toBe("1.2");
  expect(await db().auditEvent.count()).toBe(eventsBefore);

  await ops.caller.policy.setPlatform(raised);
  const flagged = await dev.caller.deployments.nonCompliant();
  expect(flagged.map((d) => d.id)).toEqual([onCloudRun.id]);
  expect(flagged[0].reasons).toEqual([belowRaised]);
  // Each deployment's own page says whether it complies, and why not.
  expect(await dev.caller.deployments.compliance({ id: onCloudRun.id })).toEqual({ reasons: [belowRaised] });
  expect(await dev.caller.deployments.compliance({ id: onAzure.id })).toEqual({ reasons: [] });
  // As that page says: it keeps running, and its next revision is refused for the same reason.
  await expect(dev.caller.deployments.scale({ id: onCloudRun.id, minInstances: 1, maxInstances: 2 })).rejects.toThrow(/below the required 1\.3/);
  expect((await db().deployment.findUniqueOrThrow({ where: { id: onCloudRun.id } })).status).toBe("running");
  // Saved, the same policy flags nothing new.
  expect((await ops.caller.policy.impact(raised)).affected).toEqual([]);
});

it("previews a team override: only that team's live deployments it would flag; a loosening one is refused as saving would refuse it", async () => {
  const platform = (await ops.caller.policy.get()).platform;
  await ops.caller.policy.setPlatform({ ...platform, encryption: { ...platform.encryption, ingressTlsRequired: true, minTlsVersion: "1.2" } });
  const other = (await makeTeam("Tlsb")).id;
  const devB = await makeCaller("developer", [other]);
  const image = await makeBaseImage({ name: "UBI for team B", version: "9.6" });
  const app = await devB.caller.apps.create({ teamId: other, name: "shop-b", description: "", classification: "internal", baseImageId: image.id });
  const onCloudRun = await devB.caller.deployments.deploy({ appId: app.id, targetId: sandbox.byKind["gcp-cloud-run"].targetId, ...baseSettings });
  await waitFor("shop-b running", async () => (await db().deployment.findUniqueOrThrow({ where: { id: onCloudRun.id } })).status === "running", 30_000);

  const eventsBefore = await db().auditEvent.count();
  const impact = await ops.caller.policy.teamOverrideImpact({ teamId: other, encryption: { minTlsVersion: "1.3" } });
  // Team "Tls" runs shop-web on the same Cloud Run target, and is not this override's to flag.
  expect(impact).toEqual({ affected: [expect.objectContaining({ id: onCloudRun.id, app: { id: app.id, name: "shop-b" }, reasons: [expect.stringMatching(/below the required 1\.3/)] })], alreadyNonCompliant: 0 });
  expect(await db().teamPolicy.findUnique({ where: { teamId: other } })).toBeNull();
  expect(await db().auditEvent.count()).toBe(eventsBefore);

  const loosening = await ops.caller.policy.teamOverrideImpact({ teamId: other, encryption: { ingressTlsRequired: false } }).then(
    () => null,
    (error: Error & { code?: string }) => error,
  );
  expect(loosening?.code).toBe("BAD_REQUEST");
  expect(loosening?.message).toMatch(/encryption\.ingressTlsRequired: The platform requires ingressTlsRequired; a team override may only tighten the policy/);
});
