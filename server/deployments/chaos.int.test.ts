// 20 deployments across the four sandbox clouds, with approved links between apps on each cloud, while 30% of cloud
// calls fail (throttled or a server error): every deployment converges, and the clouds hold each thing apply makes
// exactly once — an ECS service, security group, target group and listener rule per AWS app, a container group and
// its NSG rules per Azure app, a Cloud Run service and service account per Google app, a Deployment and its
// NetworkPolicies per Kubernetes app — read back, after the faults stop, through the providers' own APIs.
import https from "node:https";
import { DescribeSecurityGroupsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { DescribeRulesCommand, DescribeTargetGroupsCommand, ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { resourceNameFor } from "@/server/deployments/spec";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";
import { baseSettings, startTestSandbox } from "@/testing/sandbox";
import { waitFor } from "@/testing/wait-for";
import { storedCoordinates } from "@/server/targets/service";
import type { ProviderKind } from "@/providers/types";
import type { AwsCoordinates } from "@/providers/aws-ecs/target-schema";
import { serviceAccountOf } from "@/providers/gcp-cloud-run/policy-enforcement";
import { targetGroupName } from "@/providers/aws-ecs/load-balancer-plan";
import { groupNameOf } from "@/providers/aws-ecs/security-group-plan";
import type { RunningEmulator } from "@/providers/emulator-types";
import { DEFAULT_TOKEN } from "@/providers/kubernetes/emulator";

let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox?.stop());

const kinds = ["aws-ecs", "azure-aci", "gcp-cloud-run", "kubernetes"] as const;
// Public on ECS, so each app also gets a target group and listener rule; internal on Azure, where linked groups must
// sit in the VNet, on Cloud Run and on Kubernetes.
const ingressOn = { "aws-ecs": "public", "azure-aci": "internal", "gcp-cloud-run": "internal", kubernetes: "internal" } as const;

it("20 linked deployments across the four clouds converge while 30% of cloud calls fail, each resource made once", { timeout: 240_000 }, async () => {
  const teamId = (await makeTeam("Chaos")).id;
  const baseImageId = (await makeBaseImage()).id;
  const dev = await makeCaller("developer", [teamId]);
  const approver = await makeCaller("developer", [teamId]);

  const apps = await Promise.all(
    Array.from({ length: 20 }, async (_, i) => ({ app: await dev.caller.apps.create({ teamId, name: `chaos-${i}`, description: "", classification: "internal", baseImageId }), kind: kinds[i % kinds.length] })),
  );
  // App i calls the next app on the same cloud, so every cloud has chains of links (16 in all), approved before deploying.
  const links: [number, number][] = apps.flatMap((_, i) => (i + kinds.length < apps.length ? [[i, i + kinds.length] as [number, number]] : []));
  for (const [from, to] of links) {
    const link = await dev.caller.links.request({ fromAppId: apps[from].app.id, toAppId: apps[to].app.id, port: 8080, reason: "chaos chain" });
    await approver.caller.links.approve({ id: link.id, note: "" });
  }

  for (const emulator of sandbox.emulators) emulator.setFaults({ rate: 0.3, kinds: ["throttle", "server-error"] });
  const deployments = await Promise.all(
    apps.map(async ({ app, kind }) => {
      const deployment = await dev.caller.deployments.deploy({ appId: app.id, targetId: sandbox.byKind[kind].targetId, ...baseSettings, ingress: ingressOn[kind] });
      return { id: deployment.id, kind, name: resourceNameFor(app) };
    }),
  );

  let waiting = "";
  const rows = await waitFor(
    "all 20 deployments to run",
    async () => {
      const found = await db().deployment.findMany({ where: { id: { in: deployments.map((d) => d.id) } } });
      const failed = found.filter((d) => d.status === "failed");
      if (failed.length) throw new Error(`failed: ${failed.map((d) => d.statusMessage).join("; ")}`);
      waiting = found
        .filter((d) => d.status !== "running")
        .map((d) => `${deployments.find((x) => x.id === d.id)?.kind} ${d.status}: ${d.statusMessage}`)
        .join("; ");
      return found.every((d) => d.status === "running") ? found : undefined;
    },
    200_000,
    500,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; still waiting: ${waiting}`);
  });
  for (const emulator of sandbox.emulators) emulator.setFaults(null);

  expect(rows).toHaveLength(20);
  // Links were in the first revision: nothing was redeployed for them.
  expect(rows.every((row) => row.runningRevision === 1)).toBe(true);
  const on = (kind: ProviderKind) => deployments.filter((d) => d.kind === kind).map((d) => d.name);
  for (const kind of kinds) {
    const held = sandbox.byKind[kind].emulator.resourceNames();
    for (const name of on(kind)) expect(held.filter((n) => n.includes(name)), `${kind} holds ${name} once`).toHaveLength(1);
  }

  // AWS: one security group, target group and listener rule per app, read back through EC2 and ELBv2.
  const aws = sandbox.clouds["aws-ecs"];
  const c: AwsCoordinates = aws.coordinates;
  const config = { region: c.region, endpoint: aws.endpoint, credentials: { accessKeyId: aws.credentials.accessKeyId, secretAccessKey: aws.credentials.secretAccessKey } };
  const ec2 = new EC2Client(config);
  const elb = new ElasticLoadBalancingV2Client(config);
  try {
    const { SecurityGroups = [] } = await ec2.send(new DescribeSecurityGroupsCommand({}));
    const { TargetGroups = [] } = await elb.send(new DescribeTargetGroupsCommand({}));
    const { Rules = [] } = await elb.send(new DescribeRulesCommand({ ListenerArn: c.httpsListener!.listenerArn }));
    for (const name of on("aws-ecs")) {
      expect(SecurityGroups.filter((g) => g.GroupName === groupNameOf(name, c)), `security group of ${name}`).toHaveLength(1);
      const groups = TargetGroups.filter((g) => g.TargetGroupName === targetGroupName({ name, port: baseSettings.port }, c));
      expect(groups, `target group of ${name}`).toHaveLength(1);
      expect(Rules.filter((r) => r.Actions?.some((a) => a.TargetGroupArn === groups[0].TargetGroupArn)), `listener rule of ${name}`).toHaveLength(1);
    }
    // Nothing else: the target's own groups (tasks, load balancer, the VPC's default) and one per app.
    expect(SecurityGroups.filter((g) => g.GroupName?.startsWith("bulkhead-"))).toHaveLength(on("aws-ecs").length);
    expect(TargetGroups).toHaveLength(on("aws-ecs").length);
    // Each link into an ECS app is one inbound rule from its caller's group.
    for (const [from, to] of links.filter(([from]) => deployments[from].kind === "aws-ecs")) {
      const [callee, caller] = [SecurityGroups.find((g) => g.GroupName === groupNameOf(deployments[to].name, c))!, SecurityGroups.find((g) => g.GroupName === groupNameOf(deployments[from].name, c))!];
      const fromCaller = (callee.IpPermissions ?? []).filter((p) => p.FromPort === 8080 && p.UserIdGroupPairs?.some((pair) => pair.GroupId === caller.GroupId));
      expect(fromCaller, `${deployments[to].name} takes 8080 from ${deployments[from].name}`).toHaveLength(1);
    }
  } finally {
    ec2.destroy();
    elb.destroy();
  }

  // Google: one service account per app, read back through IAM's REST API.
  const google = sandbox.clouds["gcp-cloud-run"];
  const target = storedCoordinates(await db().target.findUniqueOrThrow({ where: { id: sandbox.byKind["gcp-cloud-run"].targetId } }));
  if (target.kind !== "gcp-cloud-run") throw new Error(`the Cloud Run sandbox target has ${target.kind} coordinates`);
  const response = await fetch(`${google.emulator.url}/v1/projects/${google.projectId}/serviceAccounts?pageSize=100`);
  const emails = ((await response.json()) as { accounts?: { email: string }[] }).accounts?.map((a) => a.email) ?? [];
  for (const name of on("gcp-cloud-run")) expect(emails.filter((email) => email === serviceAccountOf(name, target)), `service account of ${name}`).toHaveLength(1);
  expect(emails).toHaveLength(on("gcp-cloud-run").length);

  // Kubernetes: one ingress NetworkPolicy per app, read back from the API server, admitting exactly its callers' pods.
  const kube = sandbox.byKind.kubernetes.emulator;
  const { items } = await kubernetesGet<{ items: NetworkPolicy[] }>(kube, "/apis/networking.k8s.io/v1/networkpolicies");
  for (const name of on("kubernetes")) expect(items.filter((p) => p.metadata.name === `${name}-ingress`), `ingress policy of ${name}`).toHaveLength(1);
  for (const [from, to] of links.filter(([from]) => deployments[from].kind === "kubernetes")) {
    const policy = items.find((p) => p.metadata.name === `${deployments[to].name}-ingress`)!;
    const peers = JSON.stringify(policy.spec.ingress ?? []);
    expect(peers, `${deployments[to].name} admits ${deployments[from].name}`).toContain(`"${deployments[from].name}"`);
  }
});

interface NetworkPolicy {
  metadata: { name: string; namespace: string };
  spec: { ingress?: unknown[] };
}

/** A GET to the Kubernetes emulator as any client would make it: HTTPS with its certificate and the sandbox's token. */
function kubernetesGet<T>(emulator: RunningEmulator, path: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = https.get(new URL(path, emulator.url), { ca: emulator.caCertificate, headers: { authorization: `Bearer ${DEFAULT_TOKEN}` } }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => (response.statusCode === 200 ? resolve(JSON.parse(body) as T) : reject(new Error(`GET ${path}: ${response.statusCode} ${body}`))));
    });
    request.on("error", reject);
  });
}
