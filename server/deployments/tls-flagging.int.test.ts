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

  await ops.caller.policy.setPlatform({ ...platform, encryption: { ...platform.encryption, ingressTlsRequired: true, httpRedirectToHttps: true, minTlsVersion: "1.3" } });
  const flagged = await dev.caller.deployments.nonCompliant();
  expect(flagged.map((d) => d.id)).toEqual([onCloudRun.id]);
  expect(flagged[0].reasons).toEqual([expect.stringMatching(/minTlsVersion.*sandbox-tls12 allows TLS 1\.2, below the required 1\.3/)]);
});
