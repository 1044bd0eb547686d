// What ECS checks in another service of the account when a service names it: the awsvpc subnets and security groups
// (EC2), the target groups of `loadBalancers` (ELBv2) and the Service Connect namespace (Cloud Map). A reference to
// something that does not exist is refused with the InvalidParameterException ECS answers, or its own
// NamespaceNotFoundException; nothing is created or changed.
import { SECURITY_GROUPS_MAX, SUBNETS_MAX } from "./emulator-limits";
import type { Context, TaskDefinition } from "./emulator-state";
import { EcsApiError, type Input, invalidParameter, objectList, optBool, optInt, optObject, optString, stringList } from "./emulator-wire";

/**
 * awsvpc tasks get a network interface in one of the subnets, with the security groups: all of them must exist
 * and lie in one VPC ("Error retrieving subnet information for [subnet-…]: The subnet ID '…' does not exist" is what
 * ECS says of a subnet EC2 does not have).
 */
export function checkNetwork({ store, region }: Context, input: Input, definition: TaskDefinition): Input | undefined {
  const network = optObject(input, "networkConfiguration");
  const awsvpc = optObject(network ?? {}, "awsvpcConfiguration");
  if (!awsvpc) {
    if (definition.request.networkMode === "awsvpc") throw invalidParameter("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
    return network;
  }
  const ec2 = store.options.ec2.region(region.name);
  const subnets = stringList(awsvpc, "subnets") ?? [];
  if (subnets.length === 0) throw invalidParameter("subnets can not be empty.");
  if (subnets.length > SUBNETS_MAX) throw invalidParameter(`subnets can have at most ${SUBNETS_MAX} items.`);
  for (const id of subnets) {
    if (!ec2.subnets[id]) throw invalidParameter(`Error retrieving subnet information for [${id}]: The subnet ID '${id}' does not exist (ErrorCode: InvalidSubnetID.NotFound)`);
  }
  const vpcs = new Set(subnets.map((id) => ec2.subnets[id].vpcId));
  if (vpcs.size > 1) throw invalidParameter(`The subnets [${subnets.join(", ")}] are in different VPCs; all subnets of a service must be in the same VPC.`);
  const [vpcId] = vpcs;
  const groups = stringList(awsvpc, "securityGroups") ?? [];
  if (groups.length > SECURITY_GROUPS_MAX) throw invalidParameter(`securityGroups can have at most ${SECURITY_GROUPS_MAX} items.`);
  for (const id of groups) {
    const group = ec2.groups[id];
    if (!group) throw invalidParameter(`Error retrieving security group information for [${id}]: The security group '${id}' does not exist (ErrorCode: InvalidGroup.NotFound)`);
    if (group.vpcId !== vpcId) throw invalidParameter(`Security group ${id} is in VPC ${group.vpcId}, not in the VPC of the subnets (${vpcId}).`);
  }
  const publicIp = optString(awsvpc, "assignPublicIp");
  if (publicIp !== undefined && publicIp !== "ENABLED" && publicIp !== "DISABLED") throw invalidParameter(`Invalid 'assignPublicIp' value: ${publicIp}.`);
  return network;
}

/** The container and port a load balancer targets must be one the task definition maps. */
function portMapped(definition: TaskDefinition, container: string, port: number): boolean {
  return objectList(definition.request, "containerDefinitions").some(
    (c) => optString(c, "name") === container && objectList(c, "portMappings").some((mapping) => optInt(mapping, "containerPort") === port),
  );
}

/**
 * loadBalancers[] of Create/UpdateService (API_LoadBalancer.html): Fargate's awsvpc tasks register by IP address, so
 * each target group must be of type ip ("you must choose ip as the target type, not instance", AWS::ECS::Service
 * LoadBalancer), and ECS refuses one that no listener or rule forwards to. The messages are ECS's own, as users
 * quote them: "The target group with targetGroupArn … does not have an associated load balancer." (aws/aws-cdk#34290),
 * "The provided target group … has target type instance, which is incompatible with the awsvpc network mode specified
 * in the task definition." (riboseinc/terraform-aws-ecs-gitlab#5), "Unable to assume role and validate the specified
 * targetGroupArn…" for an ARN ELB does not know (Shippable/support#4698).
 */
export function checkLoadBalancers({ store, region }: Context, input: Input, definition: TaskDefinition): Input[] {
  const balancers = objectList(input, "loadBalancers");
  const elb = store.options.elb;
  return balancers.map((balancer) => {
    const arn = optString(balancer, "targetGroupArn");
    if (optString(balancer, "loadBalancerName")) throw invalidParameter("Classic Load Balancers are not supported with the awsvpc network mode; specify a targetGroupArn.");
    const group = arn ? elb.region(region.name).targetGroups[arn] : undefined;
    if (!group) throw invalidParameter("Unable to assume role and validate the specified targetGroupArn. Please verify that the ECS service role being passed has the proper permissions.");
    if (definition.request.networkMode === "awsvpc" && group.targetType !== "ip") {
      throw invalidParameter(`The provided target group ${arn} has target type ${group.targetType}, which is incompatible with the awsvpc network mode specified in the task definition.`);
    }
    if (!elb.loadBalancersOf(region.name, group.arn).length) throw invalidParameter(`The target group with targetGroupArn ${arn} does not have an associated load balancer.`);
    const container = optString(balancer, "containerName") ?? "";
    const port = optInt(balancer, "containerPort");
    if (port === undefined || !portMapped(definition, container, port)) throw invalidParameter(`The container ${container} did not have a container port ${port} defined.`);
    return { targetGroupArn: arn!, containerName: container, containerPort: port };
  });
}

/** healthCheckGracePeriodSeconds only means something to a service behind a load balancer (CreateService API reference). */
export function checkGracePeriod(input: Input, balancers: Input[]): number | undefined {
  const grace = optInt(input, "healthCheckGracePeriodSeconds");
  if (grace === undefined) return undefined;
  if (!balancers.length) throw invalidParameter("Health check grace period is only valid for services configured to use load balancers");
  if (grace < 0 || grace > 2_147_483_647) throw invalidParameter("healthCheckGracePeriodSeconds must be between 0 and 2147483647.");
  return grace;
}

const PCA_ARN = /^arn:aws[a-z-]*:acm-pca:[a-z0-9-]+:\d{12}:certificate-authority\/[\w-]+$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/**
 * serviceConnectConfiguration (API_ServiceConnectConfiguration.html): the namespace must exist in Cloud Map, each
 * service's portName must name a port mapping of the task definition, and TLS needs a Private CA authority and a role.
 */
export function checkServiceConnect({ store, region }: Context, input: Input, definition: TaskDefinition): Input | undefined {
  const config = optObject(input, "serviceConnectConfiguration");
  if (!config || optBool(config, "enabled") !== true) return config;
  const namespace = optString(config, "namespace");
  if (!namespace || !store.options.cloudMap.find(region.name, namespace)) throw new EcsApiError("NamespaceNotFoundException", `The specified namespace wasn't found: ${namespace ?? "(none given)"}.`);
  const portNames = new Set(objectList(definition.request, "containerDefinitions").flatMap((c) => objectList(c, "portMappings").map((m) => optString(m, "name"))));
  for (const service of objectList(config, "services")) {
    const portName = optString(service, "portName");
    if (!portName || !portNames.has(portName)) throw invalidParameter(`The Service Connect portName '${portName}' does not match the name of a port mapping in the task definition.`);
    const tls = optObject(service, "tls");
    if (tls) {
      const authority = optString(optObject(tls, "issuerCertificateAuthority") ?? {}, "awsPcaAuthorityArn");
      if (!authority || !PCA_ARN.test(authority)) throw invalidParameter("Service Connect TLS needs issuerCertificateAuthority.awsPcaAuthorityArn, the ARN of an AWS Private CA certificate authority.");
      const role = optString(tls, "roleArn");
      if (role !== undefined && !ROLE_ARN.test(role)) throw invalidParameter(`Service Connect TLS roleArn '${role}' is not an IAM role ARN.`);
    }
  }
  return config;
}
