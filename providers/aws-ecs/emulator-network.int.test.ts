// The emulator's EC2, ELBv2 and Cloud Map as their official SDKs see them, with requests Bulkhead's adapter never
// sends: each refusal comes with AWS's own error code and changes nothing; and ECS refusing a service that names a
// subnet, security group, target group or namespace the account does not have.
import { CreateClusterCommand, CreateServiceCommand, type CreateServiceCommandInput, ECSClient, RegisterTaskDefinitionCommand } from "@aws-sdk/client-ecs";
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteSecurityGroupCommand,
  DeleteVpcCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  RevokeSecurityGroupIngressCommand,
} from "@aws-sdk/client-ec2";
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  type CreateTargetGroupCommandInput,
  DeleteTargetGroupCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { CreateHttpNamespaceCommand, GetNamespaceCommand, ServiceDiscoveryClient } from "@aws-sdk/client-servicediscovery";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../emulator-types";
import { startEmulator } from "./emulator";

const config = () => ({ region: "eu-west-1", endpoint: emulator.url, credentials: { accessKeyId: "AKIATESTKEY000000000", secretAccessKey: "test-secret" }, maxAttempts: 1 });
let emulator: RunningEmulator;
let ec2: EC2Client;
let elb: ElasticLoadBalancingV2Client;
let cloudMap: ServiceDiscoveryClient;
let ecs: ECSClient;
let vpc: string;
let subnets: string[];
let listener: string;
beforeAll(async () => {
  emulator = await startEmulator({ provisionDelayMs: 100 });
  [ec2, elb, cloudMap, ecs] = [new EC2Client(config()), new ElasticLoadBalancingV2Client(config()), new ServiceDiscoveryClient(config()), new ECSClient(config())];
  vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }))).Vpc!.VpcId!;
  subnets = [];
  for (const [cidr, zone] of [["10.0.1.0/24", "eu-west-1a"], ["10.0.2.0/24", "eu-west-1b"]]) subnets.push((await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: cidr, AvailabilityZone: zone }))).Subnet!.SubnetId!);
  const balancer = (await elb.send(new CreateLoadBalancerCommand({ Name: "edge", Subnets: subnets }))).LoadBalancers![0].LoadBalancerArn!;
  const https = await elb.send(
    new CreateListenerCommand({ LoadBalancerArn: balancer, Protocol: "HTTPS", Port: 443, Certificates: [{ CertificateArn: "arn:aws:acm:eu-west-1:000000000000:certificate/0b7e2f5a" }], DefaultActions: [{ Type: "fixed-response", FixedResponseConfig: { StatusCode: "404" } }] }),
  );
  listener = https.Listeners![0].ListenerArn!;
});
afterAll(async () => {
  for (const client of [ec2, elb, cloudMap, ecs]) client?.destroy();
  await emulator?.stop();
});

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected the request to be refused");
    },
    (error: unknown) => error as Error & { $metadata: { httpStatusCode?: number } },
  );

describe("EC2", () => {
  it("a new group allows all outbound traffic and nothing inbound; a VPC comes with its default group", async () => {
    const { GroupId } = await ec2.send(new CreateSecurityGroupCommand({ GroupName: "fresh", Description: "fresh", VpcId: vpc }));
    const { SecurityGroups } = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [vpc] }] }));
    const fresh = SecurityGroups!.find((g) => g.GroupId === GroupId)!;
    expect(fresh.IpPermissions).toEqual([]);
    expect(fresh.IpPermissionsEgress).toEqual([expect.objectContaining({ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] })]);
    const defaultGroup = SecurityGroups!.find((g) => g.GroupName === "default")!;
    expect(defaultGroup.IpPermissions).toEqual([expect.objectContaining({ IpProtocol: "-1", UserIdGroupPairs: [expect.objectContaining({ GroupId: defaultGroup.GroupId })] })]);
    const cannot = await refusal(ec2.send(new DeleteSecurityGroupCommand({ GroupId: defaultGroup.GroupId })));
    expect(cannot.name).toBe("CannotDelete");
  });

  it.each<[string, () => Promise<unknown>, string]>([
    ["a group name starting with sg-", () => ec2.send(new CreateSecurityGroupCommand({ GroupName: "sg-mine", Description: "d", VpcId: vpc })), "InvalidParameterValue"],
    ["a group in a VPC that does not exist", () => ec2.send(new CreateSecurityGroupCommand({ GroupName: "x", Description: "d", VpcId: "vpc-0123456789abcdef0" })), "InvalidVpcID.NotFound"],
    ["a group without a VPC (there is no default VPC)", () => ec2.send(new CreateSecurityGroupCommand({ GroupName: "x", Description: "d" })), "VPCIdNotSpecified"],
    ["a rule from a group that does not exist", () => ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: "sg-0123456789abcdef0", IpPermissions: [{ IpProtocol: "tcp", FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: "10.0.0.0/8" }] }] })), "InvalidGroup.NotFound"],
    ["a subnet outside its VPC's block", () => ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: "10.9.0.0/24", AvailabilityZone: "eu-west-1a" })), "InvalidSubnet.Range"],
    ["a subnet overlapping another", () => ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: "10.0.1.128/25", AvailabilityZone: "eu-west-1a" })), "InvalidSubnet.Conflict"],
    ["a subnet in a zone the Region does not have", () => ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: "10.0.9.0/24", AvailabilityZone: "eu-west-1z" })), "InvalidParameterValue"],
    ["a VPC block larger than /16", () => ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/8" })), "InvalidVpc.Range"],
    ["deleting a VPC that still has subnets", () => ec2.send(new DeleteVpcCommand({ VpcId: vpc })), "DependencyViolation"],
  ])("refuses %s with %s", async (_, call, code) => {
    const error = await refusal(call());
    expect(error.name).toBe(code);
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it("a rule's ports must be a range, a duplicate is refused whole, a missing one revokes nothing", async () => {
    const { GroupId } = await ec2.send(new CreateSecurityGroupCommand({ GroupName: "rules", Description: "rules", VpcId: vpc }));
    expect((await refusal(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 90, ToPort: 80, IpRanges: [{ CidrIp: "10.0.0.0/8" }] }] })))).name).toBe("InvalidParameterValue");
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: [{ IpProtocol: "tcp", FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: "10.0.0.0/8" }] }] }));
    const both = [{ IpProtocol: "tcp", FromPort: 81, ToPort: 81, IpRanges: [{ CidrIp: "10.0.0.0/8" }] }, { IpProtocol: "tcp", FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: "10.0.0.0/8" }] }];
    expect((await refusal(ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: both })))).name).toBe("InvalidPermission.Duplicate");
    const missing = [{ IpProtocol: "tcp", FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: "10.0.0.0/8" }] }, { IpProtocol: "tcp", FromPort: 82, ToPort: 82, IpRanges: [{ CidrIp: "10.0.0.0/8" }] }];
    expect((await refusal(ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId, IpPermissions: missing })))).name).toBe("InvalidPermission.NotFound");
    const { SecurityGroups } = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [GroupId!] }));
    expect(SecurityGroups![0].IpPermissions!.map((p) => p.FromPort)).toEqual([80]);
  });

  it("a group another group's rule names cannot be deleted until that rule goes", async () => {
    const { GroupId: callee } = await ec2.send(new CreateSecurityGroupCommand({ GroupName: "callee", Description: "d", VpcId: vpc }));
    const { GroupId: caller } = await ec2.send(new CreateSecurityGroupCommand({ GroupName: "caller", Description: "d", VpcId: vpc }));
    const permission = [{ IpProtocol: "tcp", FromPort: 8080, ToPort: 8080, UserIdGroupPairs: [{ GroupId: caller }] }];
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: callee, IpPermissions: permission }));
    expect((await refusal(ec2.send(new DeleteSecurityGroupCommand({ GroupId: caller })))).name).toBe("DependencyViolation");
    await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: callee, IpPermissions: permission }));
    await ec2.send(new DeleteSecurityGroupCommand({ GroupId: caller }));
  });
});

describe("ELBv2", () => {
  const groupInput = (changes: Partial<CreateTargetGroupCommandInput> = {}): CreateTargetGroupCommandInput => ({ Name: "web", Protocol: "HTTP", Port: 8080, VpcId: vpc, TargetType: "ip", HealthCheckPath: "/healthz", ...changes });

  it("CreateTargetGroup is idempotent for the same settings and refuses the name with others", async () => {
    const first = (await elb.send(new CreateTargetGroupCommand(groupInput()))).TargetGroups![0];
    const again = (await elb.send(new CreateTargetGroupCommand(groupInput()))).TargetGroups![0];
    expect(again.TargetGroupArn).toBe(first.TargetGroupArn);
    expect((await refusal(elb.send(new CreateTargetGroupCommand(groupInput({ HealthCheckPath: "/other" }))))).name).toBe("DuplicateTargetGroupNameException");
    expect((await elb.send(new DescribeTargetGroupsCommand({ Names: ["web"] }))).TargetGroups).toHaveLength(1);
  });

  it.each<[string, Partial<CreateTargetGroupCommandInput>]>([
    ["a name longer than 32 characters", { Name: "x".repeat(33) }],
    ["a name ending in a hyphen", { Name: "web-" }],
    ["a timeout as long as the interval", { Name: "t1", HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 5 }],
    ["an interval of 301 seconds", { Name: "t2", HealthCheckIntervalSeconds: 301 }],
    ["a healthy threshold of 11", { Name: "t3", HealthyThresholdCount: 11 }],
    ["a path without a leading slash", { Name: "t4", HealthCheckPath: "healthz" }],
    ["a matcher outside 200-499", { Name: "t5", Matcher: { HttpCode: "200-599" } }],
    ["a VPC that does not exist", { Name: "t6", VpcId: "vpc-0123456789abcdef0" }],
  ])("refuses a target group with %s (ValidationError)", async (_, changes) => {
    const error = await refusal(elb.send(new CreateTargetGroupCommand(groupInput(changes))));
    expect(error.name).toBe("ValidationError");
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it("rules need a free priority, a target group that exists, and at most five condition values; the default rule is listed", async () => {
    const group = (await elb.send(new CreateTargetGroupCommand(groupInput({ Name: "ruled" })))).TargetGroups![0].TargetGroupArn!;
    const rule = (priority: number, hosts: string[], target = group) =>
      elb.send(new CreateRuleCommand({ ListenerArn: listener, Priority: priority, Conditions: [{ Field: "host-header", HostHeaderConfig: { Values: hosts } }], Actions: [{ Type: "forward", TargetGroupArn: target }] }));
    await rule(5, ["a.*"]);
    expect((await refusal(rule(5, ["b.*"]))).name).toBe("PriorityInUseException");
    expect((await refusal(rule(6, ["b.*"], group.replace(/\/[0-9a-f]+$/, "/0000000000000000")))).name).toBe("TargetGroupNotFoundException");
    expect((await refusal(rule(7, ["a.*", "b.*", "c.*", "d.*", "e.*", "f.*"]))).name).toBe("ValidationError");
    expect((await refusal(rule(50_001, ["c.*"]))).name).toBe("ValidationError");
    const { Rules } = await elb.send(new DescribeRulesCommand({ ListenerArn: listener }));
    expect(Rules!.map((r) => [r.Priority, r.IsDefault])).toEqual([
      ["5", false],
      ["default", true],
    ]);
    expect((await refusal(elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: group })))).name).toBe("ResourceInUseException");
  });

  it("an HTTPS listener needs a certificate and a security policy ELB has", async () => {
    const balancer = (await elb.send(new CreateLoadBalancerCommand({ Name: "edge-2", Subnets: subnets }))).LoadBalancers![0].LoadBalancerArn!;
    const base = { LoadBalancerArn: balancer, Protocol: "HTTPS" as const, Port: 443, DefaultActions: [{ Type: "fixed-response" as const, FixedResponseConfig: { StatusCode: "404" } }] };
    expect((await refusal(elb.send(new CreateListenerCommand(base)))).name).toBe("ValidationError");
    const certificates = [{ CertificateArn: "arn:aws:acm:eu-west-1:000000000000:certificate/0b7e2f5a" }];
    expect((await refusal(elb.send(new CreateListenerCommand({ ...base, Certificates: certificates, SslPolicy: "ELBSecurityPolicy-TLS-0-9" })))).name).toBe("SSLPolicyNotFoundException");
    // Without a policy named, the API's default: ELBSecurityPolicy-2016-08.
    expect((await elb.send(new CreateListenerCommand({ ...base, Certificates: certificates }))).Listeners![0].SslPolicy).toBe("ELBSecurityPolicy-2016-08");
    expect((await refusal(elb.send(new CreateLoadBalancerCommand({ Name: "one-zone", Subnets: [subnets[0]] })))).name).toBe("ValidationError");
  });
});

describe("Cloud Map", () => {
  it("a namespace name is unique per Region; a retry with the same CreatorRequestId is the same request", async () => {
    const first = await cloudMap.send(new CreateHttpNamespaceCommand({ Name: "apps", CreatorRequestId: "req-1" }));
    expect((await cloudMap.send(new CreateHttpNamespaceCommand({ Name: "apps", CreatorRequestId: "req-1" }))).OperationId).toBe(first.OperationId);
    expect((await refusal(cloudMap.send(new CreateHttpNamespaceCommand({ Name: "apps", CreatorRequestId: "req-2" })))).name).toBe("NamespaceAlreadyExists");
    expect((await refusal(cloudMap.send(new GetNamespaceCommand({ Id: "ns-0000000000000000" })))).name).toBe("NamespaceNotFound");
  });
});

describe("ECS refuses a service that names what the account does not have", () => {
  beforeAll(async () => {
    await ecs.send(new CreateClusterCommand({ clusterName: "refs" }));
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: "refs",
        requiresCompatibilities: ["FARGATE"],
        networkMode: "awsvpc",
        cpu: "256",
        memory: "512",
        containerDefinitions: [{ name: "app", image: `web@sha256:${"a".repeat(64)}`, portMappings: [{ containerPort: 8080, name: "http" }] }],
      }),
    );
  });
  const service = (changes: Partial<CreateServiceCommandInput>): CreateServiceCommandInput => ({
    cluster: "refs",
    serviceName: "refs",
    taskDefinition: "refs",
    desiredCount: 1,
    launchType: "FARGATE",
    networkConfiguration: { awsvpcConfiguration: { subnets } },
    ...changes,
  });

  it.each<[string, () => Promise<Partial<CreateServiceCommandInput>>, string, RegExp]>([
    ["a subnet", async () => ({ networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-0123456789abcdef0"] } } }), "InvalidParameterException", /The subnet ID 'subnet-0123456789abcdef0' does not exist/],
    ["a security group", async () => ({ networkConfiguration: { awsvpcConfiguration: { subnets, securityGroups: ["sg-0123456789abcdef0"] } } }), "InvalidParameterException", /The security group 'sg-0123456789abcdef0' does not exist/],
    [
      "a target group",
      async () => ({ loadBalancers: [{ targetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:000000000000:targetgroup/none/0000000000000000", containerName: "app", containerPort: 8080 }] }),
      "InvalidParameterException",
      /Unable to assume role and validate the specified targetGroupArn/,
    ],
    [
      "a target group no listener forwards to",
      async () => ({ loadBalancers: [{ targetGroupArn: (await elb.send(new CreateTargetGroupCommand({ Name: "loose", Protocol: "HTTP", Port: 8080, VpcId: vpc, TargetType: "ip" }))).TargetGroups![0].TargetGroupArn, containerName: "app", containerPort: 8080 }] }),
      "InvalidParameterException",
      /does not have an associated load balancer/,
    ],
    [
      "a target group of type instance",
      async () => ({ loadBalancers: [{ targetGroupArn: (await elb.send(new CreateTargetGroupCommand({ Name: "hosts", Protocol: "HTTP", Port: 8080, VpcId: vpc }))).TargetGroups![0].TargetGroupArn, containerName: "app", containerPort: 8080 }] }),
      "InvalidParameterException",
      /has target type instance, which is incompatible with the awsvpc network mode/,
    ],
    ["a Service Connect namespace", async () => ({ serviceConnectConfiguration: { enabled: true, namespace: "nowhere", services: [{ portName: "http" }] } }), "NamespaceNotFoundException", /namespace wasn't found/],
  ])("%s that does not exist (or does not fit) is refused and nothing is made", async (_, changes, name, message) => {
    const error = await refusal(ecs.send(new CreateServiceCommand(service(await changes()))));
    expect(error.name).toBe(name);
    expect(error.message).toMatch(message);
    expect(emulator.resourceNames().filter((n) => n.endsWith("/refs/refs"))).toEqual([]);
  });
});
