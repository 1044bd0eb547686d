// The plan of an app under a policy on a target with an HTTPS listener and Service Connect: its own security group
// and rules, its target group and listener rule, the checks apply makes first, and what the service names.
import type { CreateServiceCommandInput } from "@aws-sdk/client-ecs";
import type { CreateTargetGroupCommandInput } from "@aws-sdk/client-elastic-load-balancing-v2";
import { describe, expect, it } from "vitest";
import { full } from "../policy.fixtures";
import type { DeploymentSpec, EncryptionPolicy } from "../types";
import type { AwsCoordinates } from "./target-schema";
import { targetGroupName } from "./load-balancer-plan";
import { plan, validate } from "./plan";

const target = full["aws-ecs"] as AwsCoordinates;
const open: EncryptionPolicy = {
  ingressTlsRequired: false,
  minTlsVersion: "1.2",
  httpRedirectToHttps: false,
  serviceToServiceEncrypted: false,
  serviceToServiceMutualAuth: false,
  egressRestricted: false,
  egressAllowList: [],
};
const strict: EncryptionPolicy = { ...open, ingressTlsRequired: true, minTlsVersion: "1.3", httpRedirectToHttps: true, egressRestricted: true, egressAllowList: ["10.20.0.0/16", "192.0.2.0/24"] };
const spec = (changes: Partial<DeploymentSpec> = {}, encryption = strict): DeploymentSpec => ({
  name: "orders-3f9a2c",
  image: `registry.example.com/team/orders@sha256:${"a".repeat(64)}`,
  cpu: 0.5,
  memoryMiB: 1024,
  port: 8080,
  env: {},
  minInstances: 1,
  maxInstances: 1,
  ingress: "public",
  healthCheckPath: "/healthz",
  labels: {},
  policy: {
    encryption,
    links: [
      { from: "web-9f8e7d", to: "orders-3f9a2c", port: 8080 },
      { from: "orders-3f9a2c", to: "billing-1a2b3c", port: 9090 },
    ],
  },
  ...changes,
});
const bodyOf = <T>(result: ReturnType<typeof plan>, operation: string, index = 0) => result.requests.filter((r) => r.operation === operation)[index]?.body as T;
const own = "(id of security group bulkhead-orders-3f9a2c@prod, found or made at apply)";

describe("a public app behind the target's HTTPS listener, egress restricted, linked both ways", () => {
  const result = plan(spec(), target);

  it("makes the app's group (and its peers'), its rules, its target group and listener rule, then the task definition and service", () => {
    expect(result.requests.map((r) => r.operation)).toEqual([
      "EC2.CreateSecurityGroup",
      "EC2.CreateSecurityGroup",
      "EC2.CreateSecurityGroup",
      "EC2.AuthorizeSecurityGroupIngress",
      "EC2.RevokeSecurityGroupEgress",
      "EC2.AuthorizeSecurityGroupEgress",
      "ELBv2.CreateTargetGroup",
      "ELBv2.CreateRule",
      "RegisterTaskDefinition",
      "CreateService",
      "UpdateService",
    ]);
    expect(result.requests.filter((r) => r.operation === "EC2.CreateSecurityGroup").map((r) => (r.body as { GroupName: string }).GroupName)).toEqual([
      "bulkhead-orders-3f9a2c@prod",
      "bulkhead-web-9f8e7d@prod",
      "bulkhead-billing-1a2b3c@prod",
    ]);
    expect(bodyOf(result, "EC2.CreateSecurityGroup")).toMatchObject({
      TagSpecifications: [{ ResourceType: "security-group", Tags: expect.arrayContaining([{ Key: "bulkhead-resource", Value: "orders-3f9a2c" }, { Key: "bulkhead-cluster", Value: "prod" }]) }],
    });
  });

  it("lets in only the load balancer and the linked caller, each on the app's port", () => {
    expect(bodyOf(result, "EC2.AuthorizeSecurityGroupIngress")).toEqual({
      GroupId: own,
      IpPermissions: [
        { IpProtocol: "tcp", FromPort: 8080, ToPort: 8080, UserIdGroupPairs: [{ GroupId: expect.stringMatching(/^\(security groups of the load balancer of listener arn:aws:elasticloadbalancing:/), Description: "The HTTPS listener's load balancer" }] },
        { IpProtocol: "tcp", FromPort: 8080, ToPort: 8080, UserIdGroupPairs: [{ GroupId: "(id of security group bulkhead-web-9f8e7d@prod, found or made at apply)", Description: "Link from web-9f8e7d" }] },
      ],
    });
  });

  it("replaces the default outbound rule by TLS to the allow-list and the linked callee on its port", () => {
    expect(bodyOf(result, "EC2.RevokeSecurityGroupEgress")).toEqual({ GroupId: own, IpPermissions: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0", Description: expect.any(String) }] }] });
    expect(bodyOf<{ IpPermissions: unknown[] }>(result, "EC2.AuthorizeSecurityGroupEgress").IpPermissions).toEqual([
      { IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "10.20.0.0/16", Description: expect.any(String) }] },
      { IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "192.0.2.0/24", Description: expect.any(String) }] },
      { IpProtocol: "tcp", FromPort: 9090, ToPort: 9090, UserIdGroupPairs: [{ GroupId: "(id of security group bulkhead-billing-1a2b3c@prod, found or made at apply)", Description: "Link to billing-1a2b3c" }] },
    ]);
  });

  it("health-checks the app over HTTP on its path through an ip target group, routed by host name", () => {
    const group = bodyOf<CreateTargetGroupCommandInput>(result, "ELBv2.CreateTargetGroup");
    expect(group).toMatchObject({ Name: targetGroupName(spec(), target), Protocol: "HTTP", Port: 8080, TargetType: "ip", HealthCheckProtocol: "HTTP", HealthCheckPath: "/healthz", HealthCheckPort: "traffic-port", Matcher: { HttpCode: "200-399" } });
    expect(group.Name!.length).toBeLessThanOrEqual(32);
    expect(bodyOf(result, "ELBv2.CreateRule")).toMatchObject({
      ListenerArn: target.httpsListener!.listenerArn,
      Conditions: [{ Field: "host-header", HostHeaderConfig: { Values: ["orders-3f9a2c.*"] } }],
      Actions: [{ Type: "forward", TargetGroupArn: `(ARN of target group ${group.Name}, found or made at apply)` }],
    });
    expect(result.warnings).toBeUndefined();
  });

  it("runs the tasks without a public IP, in the target's groups and its own, registered in its target group", () => {
    const create = bodyOf<CreateServiceCommandInput>(result, "CreateService");
    expect(create.networkConfiguration!.awsvpcConfiguration).toEqual({ subnets: target.subnets, securityGroups: [...target.securityGroups, own], assignPublicIp: "DISABLED" });
    expect(create.loadBalancers).toEqual([{ targetGroupArn: expect.stringMatching(/^\(ARN of target group /), containerName: "app", containerPort: 8080 }]);
    expect(create.healthCheckGracePeriodSeconds).toBe(60);
  });

  it("reads back the subnets, the shared groups, the listener, its load balancer and TLS policy, the HTTP redirect and the namespace first", () => {
    expect(result.checks!.map((check) => check.operation)).toEqual([
      "EC2.DescribeSubnets",
      "EC2.DescribeSecurityGroups",
      "ELBv2.DescribeListeners",
      "ELBv2.DescribeLoadBalancers",
      "ELBv2.DescribeSSLPolicies",
      "ELBv2.DescribeListeners",
      "ServiceDiscovery.ListNamespaces",
    ]);
    expect(result.checks![1].requires).toMatch(/allow nothing inbound .* and nothing outbound beyond TCP 443 to 10\.20\.0\.0\/16, 192\.0\.2\.0\/24/);
    expect(result.checks![4].requires).toBe("it accepts no TLS version below 1.3");
  });
});

describe("other apps and policies", () => {
  it("an internal app is behind no load balancer: no target group, an empty loadBalancers, and a warning that nothing checks its health", () => {
    const result = plan(spec({ ingress: "internal" }), target);
    expect(result.requests.map((r) => r.operation)).not.toContain("ELBv2.CreateTargetGroup");
    expect(bodyOf<CreateServiceCommandInput>(result, "UpdateService").loadBalancers).toEqual([]);
    expect(result.warnings).toEqual([expect.stringMatching(/No health check on \/healthz: .*internal apps are not behind the target's load balancer/)]);
    expect(result.checks!.map((c) => c.operation)).not.toContain("ELBv2.DescribeListeners");
  });

  it("without an egress restriction the group keeps its default outbound rule: nothing revoked, nothing added outbound", () => {
    const result = plan(spec({}, open), target);
    expect(result.requests.map((r) => r.operation)).not.toContain("EC2.RevokeSecurityGroupEgress");
    expect(result.requests.map((r) => r.operation)).not.toContain("EC2.AuthorizeSecurityGroupEgress");
    // A public app behind the listener all the same: HTTPS is the only way in, and its health is checked.
    expect(result.requests.map((r) => r.operation)).toContain("ELBv2.CreateTargetGroup");
    expect(result.checks!.map((c) => c.operation)).not.toContain("ELBv2.DescribeSSLPolicies");
  });

  it("a new port is a new target group (a group's port cannot change)", () => {
    expect(targetGroupName(spec({ port: 9000 }), target)).not.toBe(targetGroupName(spec(), target));
    expect(targetGroupName({ name: "a".repeat(47), port: 8080 }, target)).toMatch(/^a{21}-[0-9a-f]{10}$/);
  });

  it("leaves a slot for the app's own group: a target with five shared groups is refused under a policy, naming the field", () => {
    const five = { ...target, securityGroups: ["sg-0a1b2c31", "sg-0a1b2c32", "sg-0a1b2c33", "sg-0a1b2c34", "sg-0a1b2c35"] };
    expect(validate(spec(), five)).toContainEqual({ field: "coordinates.securityGroups", message: expect.stringMatching(/at most 4/) });
    const { policy: _, ...bare } = spec();
    expect(validate(bare, five)).toEqual([]);
  });
});
