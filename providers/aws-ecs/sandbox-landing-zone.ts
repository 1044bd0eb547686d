// What an operator sets up once in an AWS account before registering an ECS target, made through the official SDKs
// against the sandbox's emulator (and by tests): an ECS cluster; a VPC with two subnets in two Availability Zones; a
// shared security group for the tasks that allows nothing (each app's own group says what it may do); an internet-
// facing Application Load Balancer with its own group, an HTTPS listener under a TLS policy and an HTTP listener that
// redirects to it; a Cloud Map namespace for Service Connect. Idempotent by name and tag: run again (the sandbox does
// at every start, over the state the emulator kept), it finds what it made and makes nothing twice.
import { randomUUID } from "node:crypto";
import { CreateClusterCommand, ECSClient } from "@aws-sdk/client-ecs";
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
  RevokeSecurityGroupEgressCommand,
} from "@aws-sdk/client-ec2";
import { CreateListenerCommand, CreateLoadBalancerCommand, DescribeListenersCommand, ElasticLoadBalancingV2Client, type Listener } from "@aws-sdk/client-elastic-load-balancing-v2";
import { CreateHttpNamespaceCommand, ListNamespacesCommand, ServiceDiscoveryClient } from "@aws-sdk/client-servicediscovery";
import type { AwsCoordinates } from "./target-schema";

export interface LandingZone {
  /** Names the cluster, load balancer, namespace and groups, and tags what it makes. */
  name: string;
  region: string;
  /** The HTTPS listener's ELB security policy. */
  sslPolicy: string;
  /** An HTTP listener on port 80 that redirects to HTTPS. */
  redirectsHttp: boolean;
}

/** The emulator's account: what the sandbox's ARNs name. */
const ACCOUNT = "000000000000";
const TAG = "bulkhead-landing-zone";

type Clients = { ec2: EC2Client; elb: ElasticLoadBalancingV2Client; cloudMap: ServiceDiscoveryClient; ecs: ECSClient };

async function vpcOf({ ec2 }: Clients, zone: LandingZone): Promise<string> {
  const tags = [{ Key: TAG, Value: zone.name }, { Key: "Name", Value: zone.name }];
  const { Vpcs } = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: `tag:${TAG}`, Values: [zone.name] }] }));
  if (Vpcs?.[0]) return Vpcs[0].VpcId!;
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16", TagSpecifications: [{ ResourceType: "vpc", Tags: tags }] }));
  return Vpc!.VpcId!;
}

async function subnetsOf({ ec2 }: Clients, zone: LandingZone, vpcId: string): Promise<string[]> {
  const subnets: string[] = [];
  for (const [index, letter] of ["a", "b"].entries()) {
    const name = `${zone.name}-${letter}`;
    const { Subnets } = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }, { Name: "tag:Name", Values: [name] }] }));
    const found = Subnets?.[0]?.SubnetId;
    if (found) subnets.push(found);
    else {
      const tags = [{ Key: TAG, Value: zone.name }, { Key: "Name", Value: name }];
      const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.0.${index + 1}.0/24`, AvailabilityZone: `${zone.region}${letter}`, TagSpecifications: [{ ResourceType: "subnet", Tags: tags }] }));
      subnets.push(Subnet!.SubnetId!);
    }
  }
  return subnets;
}

/** Rule changes that are already made answer these; the landing zone is then as wanted. */
const ALREADY = new Set(["InvalidPermission.Duplicate", "InvalidPermission.NotFound"]);

/** A group by name in the VPC, made when missing, with `shape` (its rules) applied every time. */
async function groupOf({ ec2 }: Clients, zone: LandingZone, vpcId: string, name: string, description: string, shape: (id: string) => Promise<unknown>): Promise<string> {
  const { SecurityGroups } = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }, { Name: "group-name", Values: [name] }] }));
  const id = SecurityGroups?.[0]?.GroupId ?? (await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: description, VpcId: vpcId, TagSpecifications: [{ ResourceType: "security-group", Tags: [{ Key: TAG, Value: zone.name }] }] }))).GroupId!;
  await shape(id).catch((error: Error) => {
    if (!ALREADY.has(error.name)) throw error;
  });
  return id;
}

async function listenersOf(clients: Clients, zone: LandingZone, subnets: string[], edgeGroup: string): Promise<Listener> {
  const { elb } = clients;
  const { LoadBalancers } = await elb.send(new CreateLoadBalancerCommand({ Name: zone.name, Subnets: subnets, SecurityGroups: [edgeGroup], Scheme: "internet-facing", Type: "application", Tags: [{ Key: TAG, Value: zone.name }] }));
  const balancer = LoadBalancers![0].LoadBalancerArn!;
  const { Listeners } = await elb.send(new DescribeListenersCommand({ LoadBalancerArn: balancer }));
  let https = Listeners?.find((l) => l.Port === 443);
  if (!https) {
    const certificate = `arn:aws:acm:${zone.region}:${ACCOUNT}:certificate/${randomUUID()}`;
    const notFound = { Type: "fixed-response" as const, FixedResponseConfig: { StatusCode: "404", ContentType: "text/plain", MessageBody: "No app answers to this host name" } };
    const created = await elb.send(new CreateListenerCommand({ LoadBalancerArn: balancer, Protocol: "HTTPS", Port: 443, SslPolicy: zone.sslPolicy, Certificates: [{ CertificateArn: certificate }], DefaultActions: [notFound] }));
    https = created.Listeners![0];
  }
  if (zone.redirectsHttp && !Listeners?.some((l) => l.Port === 80)) {
    const redirect = { Type: "redirect" as const, RedirectConfig: { Protocol: "HTTPS", Port: "443", StatusCode: "HTTP_301" as const } };
    await elb.send(new CreateListenerCommand({ LoadBalancerArn: balancer, Protocol: "HTTP", Port: 80, DefaultActions: [redirect] }));
  }
  return https;
}

async function namespaceOf({ cloudMap }: Clients, zone: LandingZone): Promise<void> {
  const { Namespaces } = await cloudMap.send(new ListNamespacesCommand({ Filters: [{ Name: "NAME", Values: [zone.name], Condition: "EQ" }] }));
  if (!Namespaces?.length) await cloudMap.send(new CreateHttpNamespaceCommand({ Name: zone.name, CreatorRequestId: `bulkhead-${zone.name}`, Description: "Service Connect namespace of the Bulkhead sandbox" }));
}

/** Makes (or finds) the landing zone in the emulator at `endpoint`; the coordinates of an ECS target that uses it. */
export async function ensureLandingZone(endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string }, zone: LandingZone): Promise<AwsCoordinates> {
  const config = { region: zone.region, endpoint, credentials, maxAttempts: 5 };
  const clients: Clients = { ec2: new EC2Client(config), elb: new ElasticLoadBalancingV2Client(config), cloudMap: new ServiceDiscoveryClient(config), ecs: new ECSClient(config) };
  try {
    await clients.ecs.send(new CreateClusterCommand({ clusterName: zone.name }));
    const vpcId = await vpcOf(clients, zone);
    const subnets = await subnetsOf(clients, zone, vpcId);
    // The tasks' shared group carries no rule at all: their own groups, which Bulkhead makes per app, decide.
    const tasks = await groupOf(clients, zone, vpcId, `${zone.name}-tasks`, "Shared by every task of the target; allows nothing by itself", (id) =>
      clients.ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: id, IpPermissions: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] })),
    );
    const edge = await groupOf(clients, zone, vpcId, `${zone.name}-edge`, "The load balancer: HTTPS and HTTP from anywhere", (id) =>
      clients.ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: id,
          IpPermissions: [443, 80].map((port) => ({ IpProtocol: "tcp", FromPort: port, ToPort: port, IpRanges: [{ CidrIp: "0.0.0.0/0", Description: `HTTP${port === 443 ? "S" : ""} from anywhere` }] })),
        }),
      ),
    );
    const https = await listenersOf(clients, zone, subnets, edge);
    await namespaceOf(clients, zone);
    return {
      kind: "aws-ecs",
      region: zone.region,
      cluster: zone.name,
      subnets,
      securityGroups: [tasks],
      executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`,
      httpsListener: { listenerArn: https.ListenerArn!, sslPolicy: https.SslPolicy!, redirectsHttp: zone.redirectsHttp },
      serviceConnect: {
        namespace: zone.name,
        privateCaArn: `arn:aws:acm-pca:${zone.region}:${ACCOUNT}:certificate-authority/0b7e2f5a-sandbox`,
        kmsKeyArn: `arn:aws:kms:${zone.region}:${ACCOUNT}:key/0b7e2f5a-sandbox`,
        tlsRoleArn: `arn:aws:iam::${ACCOUNT}:role/ecsServiceConnectTls`,
      },
    };
  } finally {
    for (const client of Object.values(clients)) client.destroy();
  }
}
