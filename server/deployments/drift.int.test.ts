// Drift: deployments on the sandbox clouds are changed behind Bulkhead's back (Debian's aws CLI for ECS, kubectl for
// Kubernetes, the providers' own SDKs for the others); "Check now" finds each difference within one job cycle and audits it once;
// Re-apply converges; a service deleted out of band turns the deployment missing, and Re-apply creates it again. On
// ECS a linked callee's security-group rule for its caller, revoked with the CLI, is drift too, and Re-apply restores it.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { ContainerInstanceManagementClient } from "@azure/arm-containerinstance";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import type { DeploymentStatus } from "@/server/db/generated/enums";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";
import { baseSettings, startTestSandbox } from "@/testing/sandbox";
import { waitFor } from "@/testing/wait-for";
import { azureCredential } from "@/providers/azure-aci/credentials";
import { servicesClient } from "@/providers/gcp-cloud-run/client";
import { awsCli, isolatedEnvironment } from "@/providers/testing/independent-clients";
import type { ProviderKind, TargetConnection } from "@/providers/types";
import type { GcpCoordinates } from "@/providers/gcp-cloud-run/target-schema";
import { targetConnection } from "@/server/targets/service";
import { startDriftWorkers } from "./drift";

let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
let dev: Awaited<ReturnType<typeof makeCaller>>;
let operator: Awaited<ReturnType<typeof makeCaller>>;
let teamId: string, baseImageId: string;

beforeAll(async () => {
  process.env.BULKHEAD_DRIFT_INTERVAL_SECONDS = "3600";
  sandbox = await startTestSandbox({ provisionDelayMs: 200 });
  await startDriftWorkers();
  teamId = (await makeTeam("Drifters")).id;
  dev = await makeCaller("developer", [teamId]);
  operator = await makeCaller("operator");
  baseImageId = (await makeBaseImage()).id;
});
afterAll(() => sandbox?.stop());

const deploymentOf = (id: string) => db().deployment.findUniqueOrThrow({ where: { id } });

async function until(id: string, status: DeploymentStatus, revision?: number) {
  return waitFor(`deployment to be ${status}`, async () => {
    const d = await deploymentOf(id);
    if (d.status === "failed" && status !== "failed") throw new Error(`deployment failed: ${d.statusMessage}`);
    return d.status === status && (revision === undefined || d.runningRevision === revision) ? d : undefined;
  }, 60_000);
}

async function deployed(kind: ProviderKind) {
  const app = await dev.caller.apps.create({ teamId, name: `drift-${kind.slice(0, 3)}`, description: "", classification: "internal", baseImageId });
  const { id } = await dev.caller.deployments.deploy({ appId: app.id, targetId: sandbox.byKind[kind].targetId, ...baseSettings });
  const deployment = await until(id, "running", 1);
  return { id, name: deployment.resourceName, connection: await targetConnection(db(), deployment.targetId) };
}

/** "Check now" as an operator, then the result of that job cycle. */
async function checkNow(id: string, what: (d: Awaited<ReturnType<typeof deploymentOf>>) => boolean) {
  const asked = new Date();
  await operator.caller.deployments.checkDrift({ id });
  return waitFor("the drift check", async () => {
    const d = await deploymentOf(id);
    return d.driftCheckedAt && d.driftCheckedAt >= asked && what(d) ? d : undefined;
  }, 30_000);
}

const driftEvents = (id: string) => db().auditEvent.findMany({ where: { resourceId: id, action: { startsWith: "deployment.drift" } }, orderBy: { sequence: "asc" } });

/** The aws CLI signing with the sandbox's IAM user key, which ECS accepts as it does the role sessions STS hands out. */
function aws(connection: TargetConnection, ...args: string[]) {
  const { accessKeyId, secretAccessKey } = sandbox.clouds["aws-ecs"].credentials;
  const env = isolatedEnvironment({ AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey });
  return promisify(execFile)(awsCli(), [...args, "--endpoint-url", connection.endpoint!, "--region", "eu-west-1", "--output", "json"], { env });
}

describe("drift on AWS ECS, changed with the aws CLI", () => {
  it("finds a scaled service, audits it once, re-applies, then finds a deleted service missing and creates it again", { timeout: 90_000 }, async () => {
    const { id, name, connection } = await deployed("aws-ecs");
    const inSync = await checkNow(id, () => true);
    expect(inSync.drift).toBeNull();
    expect(await driftEvents(id)).toEqual([]);

    await aws(connection, "ecs", "update-service", "--cluster", "sandbox", "--service", name, "--desired-count", "3");
    const drifted = await checkNow(id, (d) => d.drift !== null);
    expect(drifted.drift).toEqual([{ field: "desiredCount", expected: 1, actual: 3 }]);
    expect(drifted.status).toBe("running");
    await checkNow(id, () => true);
    const audited = await driftEvents(id);
    expect(audited.map((e) => e.action)).toEqual(["deployment.drift"]);
    expect(audited[0].after).toMatchObject({ revision: 1, drift: [{ field: "desiredCount", expected: 1, actual: 3 }] });
    expect((await dev.caller.deployments.drifted()).map((d) => d.id)).toContain(id);
    expect((await dev.caller.deployments.get({ id })).drift).toEqual([{ field: "desiredCount", expected: 1, actual: 3 }]);

    await dev.caller.deployments.reapply({ id });
    await until(id, "running", 2);
    const converged = await checkNow(id, (d) => d.drift === null);
    expect(converged.drift).toBeNull();
    expect((await driftEvents(id)).map((e) => e.action)).toEqual(["deployment.drift", "deployment.drift-resolved"]);

    await aws(connection, "ecs", "delete-service", "--cluster", "sandbox", "--service", name, "--force");
    const missing = await checkNow(id, (d) => d.status === "missing");
    expect(missing.statusMessage).toContain("is gone (deleted outside Bulkhead)");
    expect(await db().auditEvent.count({ where: { resourceId: id, action: "deployment.missing" } })).toBe(1);
    await dev.caller.deployments.reapply({ id });
    await until(id, "running", 3);
    expect(sandbox.byKind["aws-ecs"].emulator.resourceNames().filter((n) => n.includes(name))).toHaveLength(1);
  });
});

describe("drift of a link's security-group rule on AWS ECS, changed with the aws CLI", () => {
  it("finds the callee scaled and its caller's rule removed in one check, audited once, and Re-apply puts the rule back", { timeout: 90_000 }, async () => {
    const approver = await makeCaller("developer", [teamId]);
    const [shop, stock] = [
      await dev.caller.apps.create({ teamId, name: "drift-shop", description: "", classification: "internal", baseImageId }),
      await dev.caller.apps.create({ teamId, name: "drift-stock", description: "", classification: "internal", baseImageId }),
    ];
    const link = await dev.caller.links.request({ fromAppId: shop.id, toAppId: stock.id, port: 8080, reason: "reservations" });
    await approver.caller.links.approve({ id: link.id, note: "" });
    const targetId = sandbox.byKind["aws-ecs"].targetId;
    const shopDeployment = await dev.caller.deployments.deploy({ appId: shop.id, targetId, ...baseSettings });
    const { id } = await dev.caller.deployments.deploy({ appId: stock.id, targetId, ...baseSettings });
    const [shopName, stockName] = [(await until(shopDeployment.id, "running", 1)).resourceName, (await until(id, "running", 1)).resourceName];
    const connection = await targetConnection(db(), targetId);

    const groups = async () => {
      const { stdout } = await aws(connection, "ec2", "describe-security-groups", "--filters", `Name=group-name,Values=bulkhead-${stockName}@sandbox,bulkhead-${shopName}@sandbox`);
      const found = (JSON.parse(stdout) as { SecurityGroups: { GroupId: string; GroupName: string; IpPermissions: { FromPort?: number; UserIdGroupPairs?: { GroupId: string }[] }[] }[] }).SecurityGroups;
      const [callee, caller] = [found.find((g) => g.GroupName.includes(stockName))!, found.find((g) => g.GroupName.includes(shopName))!];
      return { callee, caller, letsIn: callee.IpPermissions.some((p) => p.FromPort === 8080 && p.UserIdGroupPairs?.some((pair) => pair.GroupId === caller.GroupId)) };
    };
    const before = await groups();
    expect(before.letsIn).toBe(true);

    await aws(connection, "ecs", "update-service", "--cluster", "sandbox", "--service", stockName, "--desired-count", "3");
    const rule = [{ IpProtocol: "tcp", FromPort: 8080, ToPort: 8080, UserIdGroupPairs: [{ GroupId: before.caller.GroupId }] }];
    await aws(connection, "ec2", "revoke-security-group-ingress", "--group-id", before.callee.GroupId, "--ip-permissions", JSON.stringify(rule));
    expect((await groups()).letsIn).toBe(false);

    const drifted = await checkNow(id, (d) => d.drift !== null);
    const fields = (drifted.drift as { field: string; expected: unknown; actual: unknown }[]).map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(["desiredCount", "securityGroup.ingress"]));
    const ingress = (drifted.drift as { field: string; expected: string[]; actual: string[] }[]).find((d) => d.field === "securityGroup.ingress")!;
    expect(ingress.expected).toContain(`tcp 8080 from bulkhead-${shopName}@sandbox`);
    expect(ingress.actual).not.toContain(`tcp 8080 from bulkhead-${shopName}@sandbox`);
    await checkNow(id, () => true);
    expect((await driftEvents(id)).map((e) => e.action)).toEqual(["deployment.drift"]);

    await dev.caller.deployments.reapply({ id });
    await until(id, "running", 2);
    expect((await checkNow(id, (d) => d.drift === null)).drift).toBeNull();
    expect((await groups()).letsIn).toBe(true);
  });
});

describe("drift on Azure and Cloud Run, changed with their own SDKs", () => {
  it("finds an ACI container group put back with another image, and one deleted", async () => {
    const { id, name, connection } = await deployed("azure-aci");
    // The service principal's own Entra token, as the ARM front door requires of every caller.
    const client = new ContainerInstanceManagementClient(azureCredential(connection), sandbox.clouds["azure-aci"].subscriptionId, {
      endpoint: connection.endpoint,
      tlsOptions: { ca: connection.caCertificate },
    });
    const group = await client.containerGroups.get("sandbox", name);
    const otherImage = baseSettings.image.replace(/@sha256:.*/, `@sha256:${"e".repeat(64)}`);
    group.containers[0].image = otherImage;
    await client.containerGroups.beginCreateOrUpdateAndWait("sandbox", name, group, { updateIntervalInMs: 50 });
    const drifted = await checkNow(id, (d) => d.drift !== null);
    expect(drifted.drift).toEqual([{ field: "image", expected: baseSettings.image, actual: otherImage }]);

    await client.containerGroups.beginDeleteAndWait("sandbox", name, { updateIntervalInMs: 50 });
    expect((await checkNow(id, (d) => d.status === "missing")).status).toBe("missing");
  });

  it("finds a Cloud Run service scaled in the console", async () => {
    const { id, name, connection } = await deployed("gcp-cloud-run");
    const c = connection.coordinates as GcpCoordinates;
    const client = servicesClient(connection);
    try {
      const [service] = await client.getService({ name: `projects/${c.projectId}/locations/${c.region}/services/${name}` });
      const [operation] = await client.updateService({ service: { ...service, template: { ...service.template, scaling: { minInstanceCount: 0, maxInstanceCount: 7 } } } });
      await operation.promise();
    } finally {
      await client.close();
    }
    const drifted = await checkNow(id, (d) => d.drift !== null);
    expect(drifted.drift).toEqual([
      { field: "template.scaling.minInstanceCount", expected: 1, actual: 0 },
      { field: "template.scaling.maxInstanceCount", expected: 1, actual: 7 },
    ]);
  });
});

describe("drift on Kubernetes, changed with kubectl", () => {
  it("finds a Deployment scaled with kubectl, audits it once, then Re-apply converges", { timeout: 90_000 }, async () => {
    const { id, name, connection } = await deployed("kubernetes");
    if (connection.credentials.kind !== "kubernetes") throw new Error("the Kubernetes sandbox target holds other credentials");
    const dir = mkdtempSync(path.join(tmpdir(), "drift-kubectl-"));
    try {
      const kubeconfig = path.join(dir, "config");
      writeFileSync(kubeconfig, connection.credentials.kubeconfig);
      const kubectl = (...args: string[]) => promisify(execFile)("kubectl", ["--kubeconfig", kubeconfig, ...args]);
      const { stdout } = await kubectl("get", "deployments", "--all-namespaces", "--field-selector", `metadata.name=${name}`, "-o", "json");
      const namespace = (JSON.parse(stdout) as { items: { metadata: { namespace: string } }[] }).items[0].metadata.namespace;
      // A merge patch, as `kubectl edit` sends; the emulator serves no /scale subresource (providers/kubernetes/NOTES.md).
      await kubectl("patch", `deployment/${name}`, "-n", namespace, "--type=merge", "-p", JSON.stringify({ spec: { replicas: 3 } }));

      const drifted = await checkNow(id, (d) => d.drift !== null);
      expect(drifted.drift).toEqual([{ field: "minInstances", expected: 1, actual: 3 }]);
      expect((await driftEvents(id)).map((e) => e.action)).toEqual(["deployment.drift"]);

      await dev.caller.deployments.reapply({ id });
      await until(id, "running", 2);
      expect((await checkNow(id, (d) => d.drift === null)).drift).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
