// Conformance by a client Bulkhead did not write: Debian's aws CLI drives the standalone AWS emulator (as
// `npm run emulator -- aws-ecs --port 0` runs it) through create → update → read → delete of every API the ECS
// adapter uses: ECS clusters, task definitions and services; EC2 security groups and their rules; ELBv2 target
// groups, listeners, SSL policies and listener rules; Cloud Map namespaces. A machine without the CLI fails here,
// naming the Debian package (providers/testing/independent-clients.ts).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsCli, isolatedEnvironment, type StandaloneEmulator, startStandaloneEmulator } from "../testing/independent-clients";

let standalone: StandaloneEmulator;
let vpc: string;
let subnets: string[];

/** One CLI call, its JSON answer. */
async function aws(...args: string[]) {
  const { stdout } = await promisify(execFile)(awsCli(), [...args, "--endpoint-url", standalone.url, "--output", "json"], { env: isolatedEnvironment() });
  return stdout.trim() ? JSON.parse(stdout) : {};
}

/** A call the emulator must refuse: the CLI's words for it (error code and message). */
async function refused(...args: string[]): Promise<string> {
  return aws(...args).then(
    () => {
      throw new Error(`expected the emulator to refuse: aws ${args.join(" ")}`);
    },
    (error: { stderr: string }) => error.stderr,
  );
}

beforeAll(async () => {
  standalone = await startStandaloneEmulator("aws-ecs", ["--delay", "300"]);
  vpc = (await aws("ec2", "create-vpc", "--cidr-block", "10.0.0.0/16")).Vpc.VpcId;
  subnets = [];
  for (const [cidr, zone] of [["10.0.1.0/24", "eu-west-1a"], ["10.0.2.0/24", "eu-west-1b"]]) subnets.push((await aws("ec2", "create-subnet", "--vpc-id", vpc, "--cidr-block", cidr, "--availability-zone", zone)).Subnet.SubnetId);
}, 180_000);
afterAll(() => standalone?.stop());

describe("Debian's aws CLI against the standalone AWS emulator", () => {
  it("ECS: a cluster, a task definition and a service are created, updated, read and deleted", { timeout: 600_000 }, async () => {
    expect((await aws("ecs", "create-cluster", "--cluster-name", "cli")).cluster).toMatchObject({ clusterName: "cli", status: "ACTIVE" });
    // Sizes in vCPU and GB come back as CPU units and MiB.
    const definition = `[{"name":"app","image":"web@sha256:${"a".repeat(64)}","portMappings":[{"containerPort":8080,"name":"http"}]}]`;
    const registered = await aws("ecs", "register-task-definition", "--family", "cli", "--requires-compatibilities", "FARGATE", "--network-mode", "awsvpc", "--cpu", "0.25 vCPU", "--memory", "0.5 GB", "--container-definitions", definition);
    expect(registered.taskDefinition).toMatchObject({ family: "cli", revision: 1, cpu: "256", memory: "512" });
    const network = `awsvpcConfiguration={subnets=[${subnets[0]}],assignPublicIp=DISABLED}`;
    expect(await refused("ecs", "create-service", "--cluster", "nowhere", "--service-name", "cli", "--task-definition", "cli", "--desired-count", "1", "--launch-type", "FARGATE", "--network-configuration", network)).toMatch(/ClusterNotFoundException/);
    const created = await aws("ecs", "create-service", "--cluster", "cli", "--service-name", "cli", "--task-definition", "cli", "--desired-count", "1", "--launch-type", "FARGATE", "--network-configuration", network);
    expect(created.service).toMatchObject({ serviceName: "cli", status: "ACTIVE", desiredCount: 1 });
    expect((await aws("ecs", "update-service", "--cluster", "cli", "--service", "cli", "--desired-count", "2")).service.desiredCount).toBe(2);
    expect((await aws("ecs", "describe-services", "--cluster", "cli", "--services", "cli")).services[0]).toMatchObject({ desiredCount: 2, launchType: "FARGATE" });
    expect(await aws("ecs", "list-services", "--cluster", "cli")).toEqual({ serviceArns: [created.service.serviceArn] });
    // A cluster with a service cannot go; a forced delete drains the service first, then it is INACTIVE.
    expect(await refused("ecs", "delete-cluster", "--cluster", "cli")).toMatch(/ClusterContainsServicesException/);
    expect((await aws("ecs", "delete-service", "--cluster", "cli", "--service", "cli", "--force")).service.status).toBe("DRAINING");
    expect(await aws("ecs", "list-services", "--cluster", "cli")).toEqual({ serviceArns: [] });
    let status = "DRAINING";
    for (const deadline = Date.now() + 120_000; status !== "INACTIVE" && Date.now() < deadline; ) status = (await aws("ecs", "describe-services", "--cluster", "cli", "--services", "cli")).services[0].status;
    expect(status).toBe("INACTIVE");
    expect((await aws("ecs", "delete-cluster", "--cluster", "cli")).cluster.status).toBe("INACTIVE");
    expect((await aws("ecs", "describe-clusters", "--clusters", "cli", "gone")).failures).toEqual([{ arn: "arn:aws:ecs:eu-west-1:000000000000:cluster/gone", reason: "MISSING" }]);
    expect((await aws("ecs", "list-clusters")).clusterArns).toEqual([]);
  });

  it("EC2: a security group's rules are authorized, read, revoked, and the group deleted", { timeout: 600_000 }, async () => {
    const { GroupId: group } = await aws("ec2", "create-security-group", "--group-name", "cli-app", "--description", "made by the aws CLI", "--vpc-id", vpc, "--tag-specifications", "ResourceType=security-group,Tags=[{Key=team,Value=blue}]");
    expect(await refused("ec2", "create-security-group", "--group-name", "cli-app", "--description", "again", "--vpc-id", vpc)).toMatch(/InvalidGroup\.Duplicate/);
    await aws("ec2", "authorize-security-group-ingress", "--group-id", group, "--protocol", "tcp", "--port", "8080", "--cidr", "10.1.0.0/16");
    expect(await refused("ec2", "authorize-security-group-ingress", "--group-id", group, "--protocol", "tcp", "--port", "8080", "--cidr", "10.1.0.0/16")).toMatch(/InvalidPermission\.Duplicate/);
    await aws("ec2", "authorize-security-group-egress", "--group-id", group, "--ip-permissions", "IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=192.0.2.0/24}]");
    await aws("ec2", "revoke-security-group-egress", "--group-id", group, "--ip-permissions", "IpProtocol=-1,IpRanges=[{CidrIp=0.0.0.0/0}]");
    expect(await refused("ec2", "revoke-security-group-egress", "--group-id", group, "--ip-permissions", "IpProtocol=-1,IpRanges=[{CidrIp=0.0.0.0/0}]")).toMatch(/InvalidPermission\.NotFound/);
    const [read] = (await aws("ec2", "describe-security-groups", "--group-ids", group)).SecurityGroups;
    expect(read).toMatchObject({ GroupName: "cli-app", VpcId: vpc, Tags: [{ Key: "team", Value: "blue" }] });
    expect(read.IpPermissions).toEqual([expect.objectContaining({ IpProtocol: "tcp", FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: "10.1.0.0/16" }] })]);
    expect(read.IpPermissionsEgress).toEqual([expect.objectContaining({ IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "192.0.2.0/24" }] })]);
    await aws("ec2", "revoke-security-group-ingress", "--group-id", group, "--protocol", "tcp", "--port", "8080", "--cidr", "10.1.0.0/16");
    expect((await aws("ec2", "describe-security-groups", "--group-ids", group)).SecurityGroups[0].IpPermissions).toEqual([]);
    await aws("ec2", "delete-security-group", "--group-id", group);
    expect(await refused("ec2", "describe-security-groups", "--group-ids", group)).toMatch(/InvalidGroup\.NotFound/);
  });

  it("ELBv2: a target group and a listener rule behind an HTTPS listener are created, updated, read and deleted", { timeout: 600_000 }, async () => {
    const balancer = (await aws("elbv2", "create-load-balancer", "--name", "cli-edge", "--subnets", ...subnets)).LoadBalancers[0].LoadBalancerArn;
    const certificate = "CertificateArn=arn:aws:acm:eu-west-1:000000000000:certificate/0b7e2f5a";
    expect(await refused("elbv2", "create-listener", "--load-balancer-arn", balancer, "--protocol", "HTTPS", "--port", "443", "--certificates", certificate, "--ssl-policy", "ELBSecurityPolicy-Nonsense", "--default-actions", "Type=fixed-response,FixedResponseConfig={StatusCode=404}")).toMatch(/SSLPolicyNotFound/);
    await aws("elbv2", "create-listener", "--load-balancer-arn", balancer, "--protocol", "HTTPS", "--port", "443", "--certificates", certificate, "--ssl-policy", "ELBSecurityPolicy-TLS13-1-2-2021-06", "--default-actions", "Type=fixed-response,FixedResponseConfig={StatusCode=404}");
    const [listener] = (await aws("elbv2", "describe-listeners", "--load-balancer-arn", balancer)).Listeners;
    expect(listener).toMatchObject({ Protocol: "HTTPS", Port: 443, SslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" });
    expect((await aws("elbv2", "describe-ssl-policies", "--names", listener.SslPolicy)).SslPolicies[0].SslProtocols).toEqual(["TLSv1.2", "TLSv1.3"]);

    const group = (await aws("elbv2", "create-target-group", "--name", "cli-web", "--protocol", "HTTP", "--port", "8080", "--vpc-id", vpc, "--target-type", "ip", "--health-check-path", "/healthz")).TargetGroups[0];
    expect(group).toMatchObject({ TargetType: "ip", HealthCheckPath: "/healthz", HealthCheckProtocol: "HTTP" });
    const rule = (await aws("elbv2", "create-rule", "--listener-arn", listener.ListenerArn, "--priority", "10", "--conditions", "Field=host-header,Values=web.*", "--actions", `Type=forward,TargetGroupArn=${group.TargetGroupArn}`)).Rules[0];
    expect(await refused("elbv2", "create-rule", "--listener-arn", listener.ListenerArn, "--priority", "10", "--conditions", "Field=host-header,Values=other.*", "--actions", `Type=forward,TargetGroupArn=${group.TargetGroupArn}`)).toMatch(/PriorityInUse/);
    expect((await aws("elbv2", "modify-target-group", "--target-group-arn", group.TargetGroupArn, "--health-check-path", "/ready")).TargetGroups[0].HealthCheckPath).toBe("/ready");
    const rules = (await aws("elbv2", "describe-rules", "--listener-arn", listener.ListenerArn)).Rules;
    expect(rules.map((r: { Priority: string }) => r.Priority)).toEqual(["10", "default"]);
    expect((await aws("elbv2", "describe-target-groups", "--target-group-arns", group.TargetGroupArn)).TargetGroups[0].LoadBalancerArns).toEqual([balancer]);

    expect(await refused("elbv2", "delete-target-group", "--target-group-arn", group.TargetGroupArn)).toMatch(/ResourceInUse/);
    await aws("elbv2", "delete-rule", "--rule-arn", rule.RuleArn);
    await aws("elbv2", "delete-target-group", "--target-group-arn", group.TargetGroupArn);
    expect(await refused("elbv2", "describe-target-groups", "--target-group-arns", group.TargetGroupArn)).toMatch(/TargetGroupNotFound/);
  });

  it("Cloud Map: a namespace is created, read and deleted", { timeout: 600_000 }, async () => {
    const { OperationId } = await aws("servicediscovery", "create-http-namespace", "--name", "cli-ns", "--creator-request-id", "cli-ns-1");
    const { Operation } = await aws("servicediscovery", "get-operation", "--operation-id", OperationId);
    expect(Operation).toMatchObject({ Status: "SUCCESS", Type: "CREATE_NAMESPACE" });
    const id = Operation.Targets.NAMESPACE;
    expect((await aws("servicediscovery", "get-namespace", "--id", id)).Namespace).toMatchObject({ Id: id, Name: "cli-ns", Type: "HTTP" });
    expect((await aws("servicediscovery", "list-namespaces", "--filters", "Name=NAME,Values=cli-ns,Condition=EQ")).Namespaces.map((n: { Id: string }) => n.Id)).toEqual([id]);
    expect(await refused("servicediscovery", "create-http-namespace", "--name", "cli-ns", "--creator-request-id", "cli-ns-2")).toMatch(/NamespaceAlreadyExists/);
    await aws("servicediscovery", "delete-namespace", "--id", id);
    expect(await refused("servicediscovery", "get-namespace", "--id", id)).toMatch(/NamespaceNotFound/);
  });
});
