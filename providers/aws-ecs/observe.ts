import { DescribeServicesCommand, DescribeTaskDefinitionCommand, type ECSClient, type Service } from "@aws-sdk/client-ecs";
import { byName, differences, sorted } from "../drift";
import type { DeploymentSpec, DriftedSetting, Observation, ResourceRef } from "../types";
import type { AwsCoordinates } from "./target-schema";
import type { ConnectedNetwork } from "./client";
import { observeNetwork } from "./observe-network";
import { createServiceRequest, PREVIEW_APPLY_TOKEN, taskDefinitionRequest } from "./plan";
import { versionIdOf } from "./secrets";

/**
 * The service and the task definition it runs, read back against what apply sends for `spec`: the task count, the
 * container's image, size, plain variables and secret versions, and the network placement; with a policy, also the
 * app's security group and its rules, its target group and listener rule, the listener's TLS policy and the Service
 * Connect namespace (observe-network.ts). A service that is gone, or draining after a delete, is missing.
 */
export async function observeService(client: ECSClient, net: ConnectedNetwork, spec: DeploymentSpec, ref: ResourceRef, c: AwsCoordinates): Promise<Observation> {
  const { services } = await client.send(new DescribeServicesCommand({ cluster: c.cluster, services: [ref.id] }));
  const service = services?.find((s) => s.status === "ACTIVE");
  if (!service) return { missing: true };
  const { taskDefinition } = await client.send(new DescribeTaskDefinitionCommand({ taskDefinition: service.taskDefinition }));
  const expectedTask = taskDefinitionRequest(spec, c, PREVIEW_APPLY_TOKEN);
  const expectedService = createServiceRequest(spec, c, spec.name, PREVIEW_APPLY_TOKEN);
  const container = taskDefinition?.containerDefinitions?.[0];
  const expectedContainer = expectedTask.containerDefinitions![0];
  // Which version of each secret the task reads: the version id that ends its valueFrom.
  const versions = (secrets: { name?: string; valueFrom?: string }[] | undefined) => byName(secrets).map((s) => ({ name: s.name, version: s.valueFrom?.slice(s.valueFrom.lastIndexOf(":") + 1) }));
  const network = service.networkConfiguration?.awsvpcConfiguration;
  const expectedNetwork = expectedService.networkConfiguration!.awsvpcConfiguration!;
  const policyDrift: DriftedSetting[] = spec.policy ? await observeNetwork(net, spec, c, service as Service) : [];
  return {
    missing: false,
    drift: [
      ...differences([
        ["desiredCount", expectedService.desiredCount, service.desiredCount],
        ["image", expectedContainer.image, container?.image],
        ["cpu", expectedTask.cpu, taskDefinition?.cpu],
        ["memory", expectedTask.memory, taskDefinition?.memory],
        ["environment", byName(expectedContainer.environment), byName(container?.environment)],
        ["secrets", (spec.secrets ?? []).map((s) => ({ name: s.name, version: versionIdOf(spec.name, c, s) })).sort((a, b) => a.name.localeCompare(b.name)), versions(container?.secrets)],
        ["networkConfiguration.subnets", sorted(expectedNetwork.subnets), sorted(network?.subnets)],
        // With a policy the app's own group is there too, and observe-network.ts compares the list.
        ...(spec.policy ? [] : [["networkConfiguration.securityGroups", sorted(expectedNetwork.securityGroups), sorted(network?.securityGroups)] as [string, unknown, unknown]]),
        ["networkConfiguration.assignPublicIp", expectedNetwork.assignPublicIp, network?.assignPublicIp],
      ]),
      ...policyDrift,
    ],
  };
}
