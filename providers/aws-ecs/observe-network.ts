// Drift of what a policy made apply create or rely on, read back through EC2, ELBv2 and ECS: the app's security group
// (attached to the service, its inbound and outbound rules one by one), and behind the listener its target group's
// health check, its listener rule, the service's load balancer and the listener's TLS policy; the Service Connect
// namespace the service joined. Rules are compared as words (protocol, port, peer by name), so a rule removed or added
// out of band shows as exactly that difference.
import type { Service } from "@aws-sdk/client-ecs";
import { DescribeListenersCommand, DescribeLoadBalancersCommand, DescribeRulesCommand, DescribeTargetGroupsCommand, type TargetGroup } from "@aws-sdk/client-elastic-load-balancing-v2";
import { differences, sorted } from "../drift";
import type { DeploymentSpec, DriftedSetting } from "../types";
import type { AwsCoordinates } from "./target-schema";
import { usesServiceConnect } from "./checks-plan";
import type { ConnectedNetwork } from "./client";
import { behindListener, HEALTH_CHECK, hostPatternOf, targetGroupName } from "./load-balancer-plan";
import { groupNameOf, groupRules, peersOf } from "./security-group-plan";
import { desiredPermissions, flatten, groupsOf, type Permission } from "./security-groups";

type Setting = [field: string, expected: unknown, actual: unknown];

/** "tcp 8080 from bulkhead-orders@prod", "all traffic to 0.0.0.0/0". */
function words(p: Permission, names: Map<string, string>): string {
  const what = p.protocol === "-1" ? "all traffic" : `${p.protocol} ${p.from === p.to ? p.from : `${p.from}-${p.to}`}`;
  return `${what} ${p.egress ? "to" : "from"} ${p.cidr ?? names.get(p.groupId!) ?? p.groupId}`;
}

/** The target's listener and its load balancer's groups, as they are now. */
async function listenerNow({ elb }: ConnectedNetwork, c: AwsCoordinates) {
  const { Listeners = [] } = await elb.send(new DescribeListenersCommand({ ListenerArns: [c.httpsListener!.listenerArn] }));
  const { LoadBalancers = [] } = await elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [Listeners[0].LoadBalancerArn!] }));
  return { listener: Listeners[0], balancerGroups: LoadBalancers[0]?.SecurityGroups ?? [] };
}

async function targetGroupNow({ elb }: ConnectedNetwork, spec: DeploymentSpec, c: AwsCoordinates): Promise<TargetGroup | undefined> {
  try {
    return (await elb.send(new DescribeTargetGroupsCommand({ Names: [targetGroupName(spec, c)] }))).TargetGroups?.[0];
  } catch (error) {
    if ((error as Error).name === "TargetGroupNotFoundException") return undefined;
    throw error;
  }
}

async function loadBalancing(net: ConnectedNetwork, spec: DeploymentSpec, c: AwsCoordinates, service: Service, listenerArn: string, sslPolicy: string | undefined): Promise<Setting[]> {
  const group = await targetGroupNow(net, spec, c);
  const expectedCheck = { path: spec.healthCheckPath, protocol: HEALTH_CHECK.HealthCheckProtocol, port: HEALTH_CHECK.HealthCheckPort, matcher: HEALTH_CHECK.Matcher.HttpCode };
  const actualCheck = group && { path: group.HealthCheckPath, protocol: group.HealthCheckProtocol, port: group.HealthCheckPort, matcher: group.Matcher?.HttpCode };
  const { Rules = [] } = await net.elb.send(new DescribeRulesCommand({ ListenerArn: listenerArn }));
  const hosts = Rules.filter((r) => group && r.Actions?.some((a) => a.Type === "forward" && a.TargetGroupArn === group.TargetGroupArn)).flatMap(
    (r) => r.Conditions?.find((cond) => cond.Field === "host-header")?.HostHeaderConfig?.Values ?? [],
  );
  return [
    ["targetGroup", targetGroupName(spec, c), group?.TargetGroupName ?? null],
    ["targetGroup.healthCheck", expectedCheck, actualCheck ?? null],
    ["listenerRule.hostHeader", [hostPatternOf(spec.name)], hosts],
    ["loadBalancers", [{ targetGroupArn: group?.TargetGroupArn ?? `(${targetGroupName(spec, c)})`, containerName: "app", containerPort: spec.port }], balancersOf(service)],
    ["listener.sslPolicy", c.httpsListener!.sslPolicy, sslPolicy ?? null],
  ];
}

const balancersOf = (service: Service) => (service.loadBalancers ?? []).map((b) => ({ targetGroupArn: b.targetGroupArn, containerName: b.containerName, containerPort: b.containerPort }));

export async function observeNetwork(net: ConnectedNetwork, spec: DeploymentSpec, c: AwsCoordinates, service: Service): Promise<DriftedSetting[]> {
  const ownName = groupNameOf(spec.name, c);
  const [own] = await groupsOf(net.ec2, spec.name, c);
  const names = new Map<string, string>(own ? [[own.GroupId!, ownName]] : []);
  const peerIds = new Map<string, string>();
  for (const peer of peersOf(groupRules(spec, c))) {
    const [group] = await groupsOf(net.ec2, peer, c);
    if (group) {
      peerIds.set(peer, group.GroupId!);
      names.set(group.GroupId!, groupNameOf(peer, c));
    }
  }
  const behind = behindListener(spec, c) ? await listenerNow(net, c) : undefined;
  for (const id of behind?.balancerGroups ?? []) names.set(id, `the load balancer's ${id}`);
  const attached = service.networkConfiguration?.awsvpcConfiguration?.securityGroups;
  const settings: Setting[] = [["networkConfiguration.securityGroups", sorted([...c.securityGroups, own?.GroupId ?? `(${ownName})`]), sorted(attached)]];
  if (!own) settings.push(["securityGroup", ownName, null]);
  else {
    const desired = desiredPermissions(spec, c, { app: (name) => peerIds.get(name) ?? `(${groupNameOf(name, c)})`, balancer: behind?.balancerGroups ?? [] });
    const actual = [...flatten(own.IpPermissions, false), ...flatten(own.IpPermissionsEgress, true)];
    const side = (list: Permission[], egress: boolean) => sorted(list.filter((p) => p.egress === egress).map((p) => words(p, names)));
    settings.push(["securityGroup.ingress", side(desired, false), side(actual, false)], ["securityGroup.egress", side(desired, true), side(actual, true)]);
  }
  if (behind) settings.push(...(await loadBalancing(net, spec, c, service, behind.listener.ListenerArn!, behind.listener.SslPolicy)));
  else settings.push(["loadBalancers", [], balancersOf(service)]);
  if (usesServiceConnect(spec, c)) settings.push(["serviceConnect.namespace", c.serviceConnect!.namespace, service.deployments?.find((d) => d.status === "PRIMARY")?.serviceConnectConfiguration?.namespace ?? null]);
  return differences(settings);
}
