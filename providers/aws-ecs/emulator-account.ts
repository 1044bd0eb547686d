// One AWS account as the emulator holds it: ECS, Secrets Manager, EC2, ELBv2 and Cloud Map side by side, and the
// ways they see each other, as in AWS: a task's network interface keeps its subnet and security groups in use, ECS
// registers its tasks in the target groups of a service, Service Connect services count in their namespace.
import { CloudMapStore } from "./emulator-cloudmap";
import { Ec2Store } from "./emulator-ec2-state";
import { ElbStore, type RegisteredTarget } from "./emulator-elb-state";
import { SecretsStore } from "./emulator-secrets-state";
import { holdsInterfaces, verdictOf } from "./emulator-services";
import { EcsStore, type Region, type Service } from "./emulator-state";
import { findTaskDefinition } from "./emulator-task-definitions";
import { historyOf, unhealthyOf } from "./emulator-rollouts";
import { launcherFor } from "./emulator-task-start";
import { tasksOf } from "./emulator-tasks";
import { objectList, optBool, optObject, optString, stringList } from "./emulator-wire";

export interface AccountOptions {
  provisionDelayMs: number;
  probePeriodMs?: number;
  clusters?: string[];
}

const awsvpc = (service: Service) => optObject(service.networkConfiguration ?? {}, "awsvpcConfiguration") ?? {};

export class AwsAccount {
  readonly secrets = new SecretsStore();
  readonly ec2 = new Ec2Store();
  readonly elb = new ElbStore();
  readonly cloudMap = new CloudMapStore();
  readonly ecs: EcsStore;

  constructor(options: AccountOptions) {
    this.ecs = new EcsStore({ ...options, secrets: this.secrets, ec2: this.ec2, elb: this.elb, cloudMap: this.cloudMap });
    this.ec2.usage = (region, id) => this.usedBy(region, id);
    this.elb.targets = (region, arn) => this.registeredIn(region, arn);
    this.cloudMap.serviceCount = (region, namespace) =>
      this.services(region)
        .filter(({ service }) => service.status !== "INACTIVE")
        .map(({ service }) => service.serviceConnectConfiguration ?? {})
        .filter((config) => optBool(config, "enabled") === true && [namespace.name, namespace.arn].includes(optString(config, "namespace") ?? ""))
        .reduce((sum, config) => sum + objectList(config, "services").length, 0);
  }

  private services(regionName: string) {
    return this.ecs.servicesOf(this.ecs.region(regionName));
  }

  /** Who holds a network interface in this subnet or with this security group: a service's tasks, or a load balancer. */
  private usedBy(regionName: string, id: string): string | undefined {
    const now = Date.now();
    const service = this.services(regionName).find(({ service }) => holdsInterfaces(service, now) && [...(stringList(awsvpc(service), "subnets") ?? []), ...(stringList(awsvpc(service), "securityGroups") ?? [])].includes(id));
    if (service) return service.service.arn;
    const balancer = Object.values(this.elb.region(regionName).loadBalancers).find((b) => b.securityGroups.includes(id) || b.subnets.some((s) => s.id === id));
    return balancer?.arn;
  }

  /** The tasks of the services that name this target group, by address: initial while they start, then healthy or not. */
  private registeredIn(regionName: string, targetGroupArn: string): RegisteredTarget[] {
    const now = Date.now();
    const region = this.ecs.region(regionName);
    return this.services(regionName)
      .filter(({ service }) => service.status === "ACTIVE")
      .flatMap(({ cluster, service }) => {
        const ports = service.loadBalancers.filter((b) => b.targetGroupArn === targetGroupArn).map((b) => b.containerPort as number);
        if (!ports.length) return [];
        return tasksOf(this.ecs, region, cluster, service, now).flatMap((task) => {
          const address = task.attachments?.[0]?.details.find((d) => d.name === "privateIPv4Address")?.value;
          if (!address || task.lastStatus === "STOPPED") return [];
          const unhealthy = unhealthyOf(service.rollouts.find((rollout) => rollout.id === task.startedBy)!, now);
          return ports.map((port): RegisteredTarget => ({ id: address, port, state: task.lastStatus !== "RUNNING" ? "initial" : unhealthy ? "unhealthy" : "healthy", ...(unhealthy ? { status: unhealthy.status } : {}) }));
        });
      });
  }

  /** After the state was read from disk: each rollout gets back what starts its tasks (functions are not kept). */
  relaunch() {
    for (const region of this.ecs.allRegions()) {
      for (const { service } of this.ecs.servicesOf(region)) {
        for (const rollout of historyOf(service)) {
          const definition = findTaskDefinition(region as Region, rollout.taskDefinitionArn);
          const settings = { loadBalancers: service.loadBalancers, healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds, deploymentConfiguration: service.deploymentConfiguration, desiredCount: rollout.desiredCount };
          if (definition) rollout.launch = launcherFor(definition, this.secrets, verdictOf(this.ecs, region, settings));
        }
      }
    }
  }
}
