// What a policy makes apply create on AWS, read back from the emulator through the official SDKs: each app's security
// group and rules, the public app's target group and listener rule, the service naming them; observe sees what was
// changed behind its back; destroy leaves nothing; a 30% fault rate with linked apps converges with no duplicate.
import { DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import { DescribeSecurityGroupsCommand, EC2Client, RevokeSecurityGroupIngressCommand, type SecurityGroup } from "@aws-sdk/client-ec2";
import { DescribeRulesCommand, DescribeTargetGroupsCommand, DescribeTargetHealthCommand, ElasticLoadBalancingV2Client, ModifyListenerCommand, type TargetGroup } from "@aws-sdk/client-elastic-load-balancing-v2";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../emulator-types";
import { ProviderError } from "../errors";
import type { DeploymentSpec, EncryptionPolicy, ResourcePhase, ResourceRef, TargetConnection } from "../types";
import type { AwsCoordinates } from "./target-schema";
import { awsEcsAdapter } from "./adapter";
import { startEmulator } from "./emulator";
import { targetGroupName } from "./load-balancer-plan";
import { plan } from "./plan";
import { ensureLandingZone } from "./sandbox-landing-zone";

const credentials = { kind: "aws-ecs", accessKeyId: "AKIATESTKEY000000000", secretAccessKey: "test-secret-access-key" } as const;
const encryption: EncryptionPolicy = {
  ingressTlsRequired: true,
  minTlsVersion: "1.2",
  httpRedirectToHttps: true,
  serviceToServiceEncrypted: true,
  serviceToServiceMutualAuth: false,
  egressRestricted: true,
  egressAllowList: ["10.20.0.0/16"],
};
const hardening = { nonRoot: true, readOnlyRootFilesystem: true, noPrivileged: true, dropCapabilities: true };
/** A public shop that calls an internal stock service on its port: one approved link. */
const specOf = (name: string, ingress: "public" | "internal", peer: { shop: string; stock: string }): DeploymentSpec => ({
  name,
  image: `registry.example.com/team/${name.split("-")[0]}@sha256:${"a".repeat(64)}`,
  cpu: 0.25,
  memoryMiB: 512,
  port: 8080,
  env: {},
  minInstances: 1,
  maxInstances: 1,
  ingress,
  healthCheckPath: "/healthz",
  labels: {},
  // Ingress TLS with a minimum version is for public apps here: internal ones are reached through Service Connect TLS, which has none.
  policy: { encryption: ingress === "public" ? encryption : { ...encryption, ingressTlsRequired: false }, hardening, links: [{ from: peer.shop, to: peer.stock, port: 8080 }] },
});

let emulator: RunningEmulator;
let coordinates: AwsCoordinates;
let connection: TargetConnection;
let ec2: EC2Client;
let elb: ElasticLoadBalancingV2Client;
let ecs: ECSClient;
beforeAll(async () => {
  emulator = await startEmulator({ provisionDelayMs: 300 });
  coordinates = await ensureLandingZone(emulator.url, credentials, { name: "apps", region: "eu-west-1", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", redirectsHttp: true });
  connection = { coordinates, credentials, endpoint: emulator.url, maxAttempts: 1 };
  const config = { region: "eu-west-1", endpoint: emulator.url, credentials, maxAttempts: 1 };
  ec2 = new EC2Client(config);
  elb = new ElasticLoadBalancingV2Client(config);
  ecs = new ECSClient(config);
});
afterEach(() => emulator.setFaults(null));
afterAll(async () => {
  for (const client of [ec2, elb, ecs]) client?.destroy();
  await emulator?.stop();
});

async function until(ref: ResourceRef, phase: ResourcePhase, target = connection) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const status = await awsEcsAdapter.status(ref, target);
    if (status.phase === phase) return status;
    if (Date.now() > deadline) throw new Error(`still ${status.phase} (${status.message}), wanted ${phase}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What the job layer does: try again while the error says trying again can help. */
async function retried<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof ProviderError && error.retryable) || attempt >= 8) throw error;
    }
  }
}

const groupsTagged = async (client: EC2Client, resource: string): Promise<SecurityGroup[]> =>
  (await client.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "tag:bulkhead-resource", Values: [resource] }, { Name: "tag:bulkhead-cluster", Values: ["apps"] }] }))).SecurityGroups ?? [];
const targetGroups = async (resource: string): Promise<TargetGroup[]> => ((await elb.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? []).filter((g) => g.TargetGroupName!.startsWith(`${resource}-`));
const rulesTo = async (targetGroupArn: string) =>
  ((await elb.send(new DescribeRulesCommand({ ListenerArn: coordinates.httpsListener!.listenerArn }))).Rules ?? []).filter((r) => r.Actions?.some((a) => a.TargetGroupArn === targetGroupArn));
const serviceOf = async (name: string) => (await ecs.send(new DescribeServicesCommand({ cluster: "apps", services: [name] }))).services![0];
/** A group's rules in words: "in tcp 8080 <group id>", "out tcp 443 10.20.0.0/16". */
/** What the two plans say apply makes, by name: security groups, target groups, and the host names of listener rules. */
function plannedNames(specs: DeploymentSpec[]) {
  const requests = specs.flatMap((spec) => plan(spec, coordinates).requests);
  const bodies = (operation: string) => requests.filter((r) => r.operation === operation).map((r) => r.body as Record<string, any>);
  return {
    groups: [...new Set(bodies("EC2.CreateSecurityGroup").map((b) => b.GroupName as string))].sort(),
    targetGroups: bodies("ELBv2.CreateTargetGroup").map((b) => b.Name as string).sort(),
    hosts: bodies("ELBv2.CreateRule").flatMap((b) => b.Conditions.flatMap((c: { HostHeaderConfig?: { Values: string[] } }) => c.HostHeaderConfig?.Values ?? [])).sort(),
  };
}

/** The same, as EC2 and ELBv2 answer now (the target's own groups and the listener's default rule left out). */
async function madeNames() {
  const { SecurityGroups = [] } = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "tag:bulkhead-cluster", Values: ["apps"] }] }));
  const { TargetGroups = [] } = await elb.send(new DescribeTargetGroupsCommand({}));
  const { Rules = [] } = await elb.send(new DescribeRulesCommand({ ListenerArn: coordinates.httpsListener!.listenerArn }));
  return {
    groups: SecurityGroups.map((g) => g.GroupName!).sort(),
    targetGroups: TargetGroups.map((g) => g.TargetGroupName!).sort(),
    hosts: Rules.filter((r) => !r.IsDefault).flatMap((r) => r.Conditions?.flatMap((c) => c.HostHeaderConfig?.Values ?? []) ?? []).sort(),
  };
}

const rulesOf = (group: SecurityGroup) => [
  ...(group.IpPermissions ?? []).flatMap((p) => [...(p.UserIdGroupPairs ?? []).map((g) => `in ${p.IpProtocol} ${p.FromPort} ${g.GroupId}`), ...(p.IpRanges ?? []).map((r) => `in ${p.IpProtocol} ${p.FromPort} ${r.CidrIp}`)]),
  ...(group.IpPermissionsEgress ?? []).flatMap((p) => [...(p.UserIdGroupPairs ?? []).map((g) => `out ${p.IpProtocol} ${p.FromPort} ${g.GroupId}`), ...(p.IpRanges ?? []).map((r) => `out ${p.IpProtocol} ${p.FromPort ?? "all"} ${r.CidrIp}`)]),
].sort();
/** The load balancer's security group, made by the landing zone. */
const edgeGroup = async () => (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "group-name", Values: ["apps-edge"] }] }))).SecurityGroups![0].GroupId!;

describe("what apply makes, as planned, and destroy removes", () => {
  const names = { shop: "shop-1a2b3c", stock: "stock-4d5e6f" };
  const shop = specOf(names.shop, "public", names);
  const stock = specOf(names.stock, "internal", names);

  it("security groups with exactly the planned rules, a target group and listener rule for the public app; read back, drift found, destroyed", { timeout: 120_000 }, async () => {
    const shopRef = await awsEcsAdapter.apply(shop, connection, "shop-rev-1");
    const stockRef = await awsEcsAdapter.apply(stock, connection, "stock-rev-1");
    await until(shopRef, "running");
    await until(stockRef, "running");

    const [shopGroup] = await groupsTagged(ec2, names.shop);
    const [stockGroup] = await groupsTagged(ec2, names.stock);
    expect(shopGroup.GroupName).toBe("bulkhead-shop-1a2b3c@apps");
    expect(stockGroup.GroupName).toBe("bulkhead-stock-4d5e6f@apps");
    // The shop lets in only the load balancer; it may call the stock on its port and the allow-list over TLS, nothing else.
    expect(rulesOf(shopGroup)).toEqual([`in tcp 8080 ${await edgeGroup()}`, "out tcp 443 10.20.0.0/16", `out tcp 8080 ${stockGroup.GroupId}`].sort());
    // The stock lets in only the shop, on its port.
    expect(rulesOf(stockGroup)).toEqual([`in tcp 8080 ${shopGroup.GroupId}`, "out tcp 443 10.20.0.0/16"].sort());

    // The services run in the target's group and their own; the shop is registered in its target group, behind its rule.
    const [group] = await targetGroups(names.shop);
    expect(group).toMatchObject({ TargetGroupName: targetGroupName(shop, coordinates), TargetType: "ip", Port: 8080, HealthCheckPath: "/healthz", HealthCheckProtocol: "HTTP" });
    const rules = await rulesTo(group.TargetGroupArn!);
    expect(rules.map((r) => r.Conditions![0].HostHeaderConfig!.Values)).toEqual([["shop-1a2b3c.*"]]);
    const shopService = await serviceOf(names.shop);
    expect(shopService.networkConfiguration!.awsvpcConfiguration!.securityGroups).toEqual([...coordinates.securityGroups, shopGroup.GroupId]);
    expect(shopService.loadBalancers).toEqual([{ targetGroupArn: group.TargetGroupArn, containerName: "app", containerPort: 8080 }]);
    expect(shopService.networkConfiguration!.awsvpcConfiguration!.assignPublicIp).toBe("DISABLED");
    const { TargetHealthDescriptions } = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: group.TargetGroupArn }));
    expect(TargetHealthDescriptions).toEqual([expect.objectContaining({ Target: expect.objectContaining({ Port: 8080, Id: expect.stringMatching(/^10\.0\.[12]\.\d+$/) }), TargetHealth: expect.objectContaining({ State: "healthy" }) })]);
    const stockService = await serviceOf(names.stock);
    expect(stockService.loadBalancers).toEqual([]);
    expect(stockService.deployments![0].serviceConnectConfiguration).toMatchObject({ enabled: true, namespace: "apps", services: [expect.objectContaining({ tls: expect.any(Object) })] });

    // Exactly what the plans list, read back by name: both apps' groups, the shop's target group and its rule's host.
    const planned = plannedNames([shop, stock]);
    expect(planned.groups).toEqual(["bulkhead-shop-1a2b3c@apps", "bulkhead-stock-4d5e6f@apps"]);
    expect(planned.targetGroups).toHaveLength(1);
    expect(await madeNames()).toEqual(planned);

    expect(await awsEcsAdapter.observe(shop, shopRef, connection)).toEqual({ missing: false, drift: [] });
    expect(await awsEcsAdapter.observe(stock, stockRef, connection)).toEqual({ missing: false, drift: [] });

    // Someone removes the stock's inbound rule with EC2 itself: a difference; apply puts it back.
    await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: stockGroup.GroupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 8080, ToPort: 8080, UserIdGroupPairs: [{ GroupId: shopGroup.GroupId }] }] }));
    expect(await awsEcsAdapter.observe(stock, stockRef, connection)).toEqual({ missing: false, drift: [{ field: "securityGroup.ingress", expected: ["tcp 8080 from bulkhead-shop-1a2b3c@apps"], actual: [] }] });
    await awsEcsAdapter.apply(stock, connection, "stock-rev-2");
    expect(await awsEcsAdapter.observe(stock, stockRef, connection)).toEqual({ missing: false, drift: [] });

    // Someone weakens the listener's TLS policy: observe says so, and apply refuses to deploy behind it.
    await elb.send(new ModifyListenerCommand({ ListenerArn: coordinates.httpsListener!.listenerArn, SslPolicy: "ELBSecurityPolicy-2016-08" }));
    expect(await awsEcsAdapter.observe(shop, shopRef, connection)).toEqual({ missing: false, drift: [{ field: "listener.sslPolicy", expected: "ELBSecurityPolicy-TLS13-1-2-2021-06", actual: "ELBSecurityPolicy-2016-08" }] });
    const refused = await awsEcsAdapter.apply(shop, connection, "shop-rev-2").then(
      () => undefined,
      (error: unknown) => error as ProviderError,
    );
    expect(refused).toMatchObject({ kind: "invalid", retryable: false, field: "coordinates.httpsListener.sslPolicy" });
    expect(refused!.message).toMatch(/ELBSecurityPolicy-2016-08 accepts TLSv1, TLSv1\.1, TLSv1\.2, below the required TLS 1\.2|below the required TLS 1\.2/);
    await elb.send(new ModifyListenerCommand({ ListenerArn: coordinates.httpsListener!.listenerArn, SslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" }));

    await awsEcsAdapter.destroy(shopRef, connection);
    await awsEcsAdapter.destroy(stockRef, connection);
    expect(await groupsTagged(ec2, names.shop)).toEqual([]);
    expect(await groupsTagged(ec2, names.stock)).toEqual([]);
    expect(await targetGroups(names.shop)).toEqual([]);
    expect(await rulesTo(group.TargetGroupArn!)).toEqual([]);
    expect(await madeNames()).toEqual({ groups: [], targetGroups: [], hosts: [] });
    expect(await awsEcsAdapter.status(shopRef, connection)).toMatchObject({ phase: "absent" });
    // Destroying again finds nothing and succeeds.
    await awsEcsAdapter.destroy(shopRef, connection);
  });
});

describe("what the target declares is read back first, and apply refuses before changing anything", () => {
  const lone = (name: string) => ({ ...specOf(name, "public", { shop: name, stock: "other-9f8e7d" }), policy: { encryption, hardening, links: [] } });

  it.each<[string, (c: AwsCoordinates) => Promise<AwsCoordinates>, string, RegExp]>([
    ["a listener that does not exist", async (c) => ({ ...c, httpsListener: { ...c.httpsListener!, listenerArn: `${c.httpsListener!.listenerArn.slice(0, -4)}0000` } }), "coordinates.httpsListener.listenerArn", /HTTPS listener does not exist/],
    ["a namespace that does not exist", async (c) => ({ ...c, serviceConnect: { ...c.serviceConnect!, namespace: "nowhere" } }), "coordinates.serviceConnect.namespace", /namespace nowhere does not exist/],
    [
      "a shared group that lets every task in (the VPC's default group)",
      async (c) => {
        const { SecurityGroups = [] } = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "group-name", Values: ["default"] }] }));
        return { ...c, securityGroups: [SecurityGroups[0].GroupId!] };
      },
      "coordinates.securityGroups",
      /lets in sg-\w+ \(a group every task of the target has\)/,
    ],
  ])("%s", async (_, change, field, message) => {
    const name = `lone-${field.length}`;
    const target = { ...connection, coordinates: await change(coordinates) };
    const error = await awsEcsAdapter.apply(lone(name), target, `${name}-1`).then(
      () => undefined,
      (e: unknown) => e as ProviderError,
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "invalid", field, retryable: false });
    expect(error!.message).toMatch(message);
    expect(await groupsTagged(ec2, name)).toEqual([]);
    expect(emulator.resourceNames().filter((n) => n.endsWith(`/${name}`))).toEqual([]);
  });
});

describe("faults", () => {
  it("with linked apps, a 30% rate of every fault kind converges with one of each group, target group and rule, and destroy leaves none", { timeout: 240_000 }, async () => {
    const names = { shop: "storm-shop-1a", stock: "storm-stock-2b" };
    const shop = specOf(names.shop, "public", names);
    const stock = specOf(names.stock, "internal", names);
    const patient = { ...connection, maxAttempts: 10 };
    const requests = () => Object.values(emulator.requestCounts()).reduce((a, b) => a + b, 0);
    const before = requests();
    emulator.setFaults({ rate: 0.3, kinds: ["throttle", "server-error", "drop", "latency"], latencyMs: 50 });
    // Concurrent duplicates of one apply, and both ends of the link at once.
    const [shopRef, , stockRef] = await Promise.all([retried(() => awsEcsAdapter.apply(shop, patient, "storm-shop-1")), retried(() => awsEcsAdapter.apply(shop, patient, "storm-shop-1")), retried(() => awsEcsAdapter.apply(stock, patient, "storm-stock-1"))]);
    await until(shopRef, "running", patient);
    await until(stockRef, "running", patient);
    emulator.setFaults(null);
    // Faults did happen and were ridden out: far more requests than the two applies need without them.
    expect(requests() - before).toBeGreaterThan(60);

    const shopGroups = await groupsTagged(ec2, names.shop);
    const stockGroups = await groupsTagged(ec2, names.stock);
    expect(shopGroups).toHaveLength(1);
    expect(stockGroups).toHaveLength(1);
    expect(rulesOf(shopGroups[0])).toEqual([`in tcp 8080 ${await edgeGroup()}`, "out tcp 443 10.20.0.0/16", `out tcp 8080 ${stockGroups[0].GroupId}`].sort());
    expect(rulesOf(stockGroups[0])).toEqual([`in tcp 8080 ${shopGroups[0].GroupId}`, "out tcp 443 10.20.0.0/16"].sort());
    const groups = await targetGroups(names.shop);
    expect(groups).toHaveLength(1);
    expect(await rulesTo(groups[0].TargetGroupArn!)).toHaveLength(1);
    expect(emulator.resourceNames().filter((n) => n.endsWith(`/${names.shop}`) || n.endsWith(`/${names.stock}`))).toHaveLength(2);
    expect(await awsEcsAdapter.observe(shop, shopRef, connection)).toEqual({ missing: false, drift: [] });
    expect(await awsEcsAdapter.observe(stock, stockRef, connection)).toEqual({ missing: false, drift: [] });

    emulator.setFaults({ rate: 0.3, kinds: ["throttle", "server-error", "drop", "latency"], latencyMs: 50 });
    await Promise.all([retried(() => awsEcsAdapter.destroy(shopRef, patient)), retried(() => awsEcsAdapter.destroy(stockRef, patient))]);
    emulator.setFaults(null);
    expect(await groupsTagged(ec2, names.shop)).toEqual([]);
    expect(await groupsTagged(ec2, names.stock)).toEqual([]);
    expect(await targetGroups(names.shop)).toEqual([]);
    expect(await rulesTo(groups[0].TargetGroupArn!)).toEqual([]);
  });
});
