// Apply's reads of what the target declares, before it changes anything (the plan's `checks`, checks-plan.ts): a
// refusal names the coordinate at fault and nothing has been made. What the reads find (the subnets' VPC and
// addresses, the load balancer's security groups) is what the app's own resources are made with.
import { DescribeSecurityGroupsCommand, DescribeSubnetsCommand, type IpPermission } from "@aws-sdk/client-ec2";
import { DescribeListenersCommand, DescribeLoadBalancersCommand, DescribeRulesCommand, DescribeSSLPoliciesCommand, type Listener } from "@aws-sdk/client-elastic-load-balancing-v2";
import { GetNamespaceCommand, ListNamespacesCommand } from "@aws-sdk/client-servicediscovery";
import { ProviderError } from "../errors";
import type { DeploymentSpec, TlsVersion } from "../types";
import type { AwsCoordinates } from "./target-schema";
import { usesServiceConnect } from "./checks-plan";
import { contains, overlaps } from "./cidr";
import type { ConnectedNetwork } from "./client";
import { behindListener } from "./load-balancer-plan";

export interface TargetFacts {
  vpcId: string;
  /** The load balancer's security groups (behind the listener): the only sources let in on the app's port. */
  balancerGroups: string[];
}

const refuse = (field: string, message: string) => new ProviderError("invalid", message, field);

/** Describe calls name each id; EC2 answers one that does not exist with a *.NotFound error, which names it. */
async function described<T>(call: () => Promise<T>, field: string, what: string): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const name = (error as Error).name ?? "";
    if (/NotFound|Malformed/.test(name)) throw refuse(field, `${what}: ${(error as Error).message}`);
    throw error;
  }
}

/** Inbound rules that would let any app of the target reach another without a link: from the shared groups themselves, or from addresses in the target's subnets. */
function openInbound(permission: IpPermission, shared: string[], subnets: string[]): string | undefined {
  const peer = permission.UserIdGroupPairs?.find((pair) => shared.includes(pair.GroupId!));
  if (peer) return `lets in ${peer.GroupId} (a group every task of the target has)`;
  const range = permission.IpRanges?.find((r) => subnets.some((subnet) => overlaps(r.CidrIp!, subnet)));
  return range ? `lets in ${range.CidrIp}, which covers the target's subnets` : undefined;
}

/** Outbound rules beyond TCP 443 to the allow-list. */
function openOutbound(permission: IpPermission, allowList: string[]): string | undefined {
  const only443 = permission.IpProtocol === "tcp" && permission.FromPort === 443 && permission.ToPort === 443;
  if (permission.UserIdGroupPairs?.length) return `lets out to ${permission.UserIdGroupPairs.map((p) => p.GroupId).join(", ")}`;
  const wide = permission.IpRanges?.find((r) => !only443 || !allowList.some((allowed) => contains(allowed, r.CidrIp!)));
  return wide ? `lets out ${permission.IpProtocol === "-1" ? "all traffic" : `${permission.IpProtocol} ${permission.FromPort}-${permission.ToPort}`} to ${wide.CidrIp}` : undefined;
}

async function checkNetwork({ ec2 }: ConnectedNetwork, spec: DeploymentSpec, c: AwsCoordinates): Promise<{ vpcId: string; cidrs: string[] }> {
  const { Subnets = [] } = await described(() => ec2.send(new DescribeSubnetsCommand({ SubnetIds: c.subnets })), "coordinates.subnets", "A subnet of the target does not exist");
  const vpcs = [...new Set(Subnets.map((s) => s.VpcId))];
  if (vpcs.length !== 1) throw refuse("coordinates.subnets", `The target's subnets are in ${vpcs.length} VPCs (${vpcs.join(", ")}); ECS needs them in one`);
  const vpcId = vpcs[0]!;
  const cidrs = Subnets.map((s) => s.CidrBlock!);
  const { SecurityGroups = [] } = await described(() => ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: c.securityGroups })), "coordinates.securityGroups", "A security group of the target does not exist");
  const encryption = spec.policy?.encryption;
  for (const group of SecurityGroups) {
    const name = `The target's security group ${group.GroupId}`;
    if (group.VpcId !== vpcId) throw refuse("coordinates.securityGroups", `${name} is in ${group.VpcId}, not in the subnets' VPC ${vpcId}`);
    const inbound = group.IpPermissions?.map((p) => openInbound(p, c.securityGroups, cidrs)).find(Boolean);
    if (inbound) throw refuse("coordinates.securityGroups", `${name} ${inbound}: apps could then reach each other without a link. Leave inbound rules to each app's own group`);
    const outbound = encryption?.egressRestricted ? group.IpPermissionsEgress?.map((p) => openOutbound(p, encryption.egressAllowList)).find(Boolean) : undefined;
    if (outbound) throw refuse("coordinates.securityGroups", `${name} ${outbound}, beyond the egress the policy allows (TCP 443 to ${encryption!.egressAllowList.join(", ") || "nothing"})`);
  }
  return { vpcId, cidrs };
}

const TLS_ORDER: Record<string, number> = { TLSv1: 0, "TLSv1.1": 1, "TLSv1.2": 2, "TLSv1.3": 3 };
const tlsRank = (version: TlsVersion) => TLS_ORDER[`TLSv${version}`];

async function checkListener(net: ConnectedNetwork, spec: DeploymentSpec, c: AwsCoordinates, vpcId: string): Promise<string[]> {
  const { elb } = net;
  const declared = c.httpsListener!;
  const field = "coordinates.httpsListener.listenerArn";
  const { Listeners = [] } = await described(() => elb.send(new DescribeListenersCommand({ ListenerArns: [declared.listenerArn] })), field, "The target's HTTPS listener does not exist");
  const listener = Listeners[0];
  if (listener?.Protocol !== "HTTPS") throw refuse(field, `The target's listener ${declared.listenerArn} speaks ${listener?.Protocol}, not HTTPS`);
  const { LoadBalancers = [] } = await elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [listener.LoadBalancerArn!] }));
  const balancer = LoadBalancers[0];
  if (balancer?.VpcId !== vpcId) throw refuse(field, `The listener's load balancer is in ${balancer?.VpcId}, not in the VPC of the target's subnets (${vpcId})`);
  const encryption = spec.policy?.encryption;
  if (encryption?.ingressTlsRequired) {
    // The policy the listener has now, whatever the target says it has: its protocols as ELB lists them.
    const { SslPolicies = [] } = await elb.send(new DescribeSSLPoliciesCommand({ Names: [listener.SslPolicy!] }));
    const protocols = SslPolicies[0]?.SslProtocols ?? [];
    const lowest = Math.min(...protocols.map((p) => TLS_ORDER[p] ?? 0));
    if (!protocols.length || lowest < tlsRank(encryption.minTlsVersion)) {
      throw refuse("coordinates.httpsListener.sslPolicy", `The listener's ELB security policy ${listener.SslPolicy} accepts ${protocols.join(", ") || "no known protocol"}, below the required TLS ${encryption.minTlsVersion}`);
    }
  }
  if (encryption?.httpRedirectToHttps) await checkRedirect(net, listener);
  return balancer.SecurityGroups ?? [];
}

/** The load balancer's port-80 listener must answer plain HTTP with a redirect to HTTPS, and forward nothing. */
async function checkRedirect({ elb }: ConnectedNetwork, https: Listener) {
  const field = "coordinates.httpsListener.redirectsHttp";
  const { Listeners = [] } = await elb.send(new DescribeListenersCommand({ LoadBalancerArn: https.LoadBalancerArn }));
  const http = Listeners.find((l) => l.Protocol === "HTTP" && l.Port === 80);
  if (!http) throw refuse(field, "The target's load balancer has no HTTP listener on port 80 that redirects to HTTPS");
  const redirects = http.DefaultActions?.some((a) => a.Type === "redirect" && a.RedirectConfig?.Protocol === "HTTPS");
  const { Rules = [] } = await elb.send(new DescribeRulesCommand({ ListenerArn: http.ListenerArn }));
  const forwards = Rules.some((rule) => rule.Actions?.some((a) => a.Type === "forward"));
  if (!redirects || forwards) throw refuse(field, `The load balancer's HTTP listener ${http.ListenerArn} ${redirects ? "forwards some requests" : "does not redirect"} instead of redirecting everything to HTTPS`);
}

async function checkNamespace({ cloudMap }: ConnectedNetwork, c: AwsCoordinates) {
  const namespace = c.serviceConnect!.namespace;
  const field = "coordinates.serviceConnect.namespace";
  const id = /^ns-[a-z0-9]+$/.exec(namespace.slice(namespace.lastIndexOf("/") + 1))?.[0];
  if (id && namespace.startsWith("arn:")) {
    await described(() => cloudMap.send(new GetNamespaceCommand({ Id: id })), field, `The Service Connect namespace ${namespace} does not exist`);
    return;
  }
  const { Namespaces = [] } = await cloudMap.send(new ListNamespacesCommand({ Filters: [{ Name: "NAME", Values: [namespace], Condition: "EQ" }] }));
  if (!Namespaces.length) throw refuse(field, `The Service Connect namespace ${namespace} does not exist in ${c.region}`);
}

/** The plan's checks, in its order. */
export async function checkTarget(net: ConnectedNetwork, spec: DeploymentSpec, c: AwsCoordinates): Promise<TargetFacts> {
  const { vpcId } = await checkNetwork(net, spec, c);
  const balancerGroups = behindListener(spec, c) ? await checkListener(net, spec, c, vpcId) : [];
  if (usesServiceConnect(spec, c)) await checkNamespace(net, c);
  return { vpcId, balancerGroups };
}
