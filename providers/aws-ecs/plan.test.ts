import type { CreateServiceCommandInput, RegisterTaskDefinitionCommandInput, UpdateServiceCommandInput } from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import type { DeploymentSpec, TargetCoordinates } from "../types";
import type { AwsCoordinates } from "./target-schema";
import { APPLY_TOKEN_TAG, plan, PREVIEW_APPLY_TOKEN, validate } from "./plan";

const coordinates: AwsCoordinates = {
  kind: "aws-ecs",
  region: "eu-west-1",
  cluster: "prod",
  subnets: ["subnet-0a1b2c3d", "subnet-0a1b2c3e"],
  securityGroups: ["sg-0a1b2c3d"],
  executionRoleArn: "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
};

const spec: DeploymentSpec = {
  name: "orders-3f9a2c",
  image: `registry.example.com/team/orders@sha256:${"a".repeat(64)}`,
  cpu: 0.5,
  memoryMiB: 1024,
  port: 8080,
  env: { ZED: "last", GREETING: "hello" },
  minInstances: 2,
  maxInstances: 4,
  ingress: "public",
  healthCheckPath: "/healthz",
  labels: { "bulkhead-app": "app-1", "bulkhead-revision": "3" },
};

const fieldsOf = (changes: Partial<DeploymentSpec>, where: Partial<AwsCoordinates> = {}) => validate({ ...spec, ...changes }, { ...coordinates, ...where }).map((p) => p.field);

describe("validate", () => {
  it("accepts a sound spec", () => {
    expect(validate(spec, coordinates)).toEqual([]);
  });

  it.each<[string, Partial<DeploymentSpec>, string]>([
    ["an image by tag", { image: "registry.example.com/team/orders:latest" }, "image"],
    ["an image without any tag or digest", { image: "orders" }, "image"],
    ["a digest that is too short", { image: `orders@sha256:${"a".repeat(63)}` }, "image"],
    ["a digest in upper case", { image: `orders@sha256:${"A".repeat(64)}` }, "image"],
    ["0.3 vCPU", { cpu: 0.3 }, "cpu"],
    ["32 vCPU", { cpu: 32 }, "cpu"],
    ["0.25 vCPU with 4096 MiB", { cpu: 0.25, memoryMiB: 4096 }, "memoryMiB"],
    ["1 vCPU with 1024 MiB (below its minimum)", { cpu: 1, memoryMiB: 1024 }, "memoryMiB"],
    ["1 vCPU with 2500 MiB (off the 1024 MiB steps)", { cpu: 1, memoryMiB: 2500 }, "memoryMiB"],
    ["8 vCPU with 18432 MiB (off the 4096 MiB steps)", { cpu: 8, memoryMiB: 18432 }, "memoryMiB"],
    ["a name with a space", { name: "my app" }, "name"],
    ["a name with a dot", { name: "my.app" }, "name"],
    ["a 256-character name", { name: "a".repeat(256) }, "name"],
    ["port 0", { port: 0 }, "port"],
    ["port 70000", { port: 70_000 }, "port"],
    ["a fractional port", { port: 80.5 }, "port"],
    ["more minimum than maximum instances", { minInstances: 3, maxInstances: 2 }, "minInstances"],
    ["more tasks than a service may run", { maxInstances: 5001 }, "maxInstances"],
    ["a health check path without a leading slash", { healthCheckPath: "healthz" }, "healthCheckPath"],
    ["a health check path that would end the quoted shell word", { healthCheckPath: "/x';reboot;'" }, "healthCheckPath"],
    ["a health check path with a space", { healthCheckPath: "/health z" }, "healthCheckPath"],
    ["an environment name with '='", { env: { "A=B": "c" } }, "env.A=B"],
    ["a label key reserved by AWS", { labels: { "aws:owner": "me" } }, "labels.aws:owner"],
    ["a label value with a forbidden character", { labels: { team: "a*b" } }, "labels.team"],
    ["50 labels (one tag is Bulkhead's)", { labels: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"])) }, "labels"],
    ["an environment too big for a 64 KiB task definition", { env: { BIG: "x".repeat(70_000) } }, "env"],
  ])("refuses %s, naming the field", (_, changes, field) => {
    expect(fieldsOf(changes)).toEqual([field]);
  });

  it.each<[string, Partial<DeploymentSpec>]>([
    ["0.25 vCPU with 2048 MiB", { cpu: 0.25, memoryMiB: 2048 }],
    ["4 vCPU with 30720 MiB", { cpu: 4, memoryMiB: 30720 }],
    ["8 vCPU with 20480 MiB", { cpu: 8, memoryMiB: 20480 }],
    ["16 vCPU with 122880 MiB", { cpu: 16, memoryMiB: 122880 }],
    ["a registry with a port", { image: `localhost:5000/orders@sha256:${"b".repeat(64)}` }],
    ["minInstances 0", { minInstances: 0 }],
    ["a health check path with a query", { healthCheckPath: "/health?deep=1&x=$y" }],
  ])("accepts %s", (_, changes) => {
    expect(fieldsOf(changes)).toEqual([]);
  });

  it("says in words what Fargate would accept", () => {
    const [problem] = validate({ ...spec, cpu: 0.25, memoryMiB: 4096 }, coordinates);
    expect(problem.message).toBe("Fargate with 0.25 vCPU offers 512, 1024, 2048 MiB of memory, not 4096 MiB");
    const [tagged] = validate({ ...spec, image: "registry.example.com/team/orders:latest" }, coordinates);
    expect(tagged.message).toMatch(/pinned by digest .*not by the tag ":latest"/);
  });

  it.each<[string, Partial<AwsCoordinates>, string]>([
    ["no subnets", { subnets: [] }, "coordinates.subnets"],
    ["17 subnets", { subnets: Array.from({ length: 17 }, (_, i) => `subnet-0a1b2c${i.toString(16).padStart(2, "0")}`) }, "coordinates.subnets"],
    ["a malformed subnet id", { subnets: ["subnet-xyz"] }, "coordinates.subnets"],
    ["six security groups", { securityGroups: Array.from({ length: 6 }, (_, i) => `sg-0a1b2c3${i}`) }, "coordinates.securityGroups"],
    ["a cluster name with a slash", { cluster: "a/b" }, "coordinates.cluster"],
    ["a region that is not one", { region: "europe" }, "coordinates.region"],
    ["an execution role that is a user", { executionRoleArn: "arn:aws:iam::123456789012:user/me" }, "coordinates.executionRoleArn"],
  ])("refuses a target with %s", (_, where, field) => {
    expect(fieldsOf({}, where)).toEqual([field]);
  });

  it("refuses a target of another cloud", () => {
    const gcp: TargetCoordinates = { kind: "gcp-cloud-run", region: "europe-west1", projectId: "p" };
    expect(validate(spec, gcp).map((p) => p.field)).toEqual(["target"]);
  });
});

describe("plan", () => {
  const { kind, requests } = plan(spec, coordinates);
  const body = <T>(operation: string) => requests.find((r) => r.operation === operation)!.body as T;
  const taskDefinition = body<RegisterTaskDefinitionCommandInput>("RegisterTaskDefinition");
  const create = body<CreateServiceCommandInput>("CreateService");
  const update = body<UpdateServiceCommandInput>("UpdateService");
  const container = taskDefinition.containerDefinitions![0];

  it("registers a Fargate task definition, then creates or updates the service", () => {
    expect(kind).toBe("aws-ecs");
    expect(requests.map((r) => r.operation)).toEqual(["RegisterTaskDefinition", "CreateService", "UpdateService"]);
    expect(taskDefinition).toMatchObject({
      family: spec.name,
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: "512",
      memory: "1024",
      executionRoleArn: coordinates.executionRoleArn,
    });
  });

  it("runs one essential, hardened container on the spec's port, env and health check", () => {
    expect(container).toMatchObject({
      image: spec.image,
      essential: true,
      portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: "tcp" }],
      environment: [
        { name: "GREETING", value: "hello" },
        { name: "ZED", value: "last" },
      ],
      user: "1000:1000",
      readonlyRootFilesystem: true,
      linuxParameters: { capabilities: { drop: ["ALL"] } },
      mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }],
    });
    expect(container.privileged).toBeUndefined();
    // No container health check: it would run a shell command that distroless images cannot. Without a load balancer
    // (this target has no listener) the app has none, and the plan says so.
    expect(container.healthCheck).toBeUndefined();
    expect(plan(spec, coordinates).warnings).toEqual([expect.stringMatching(/^No health check on \/healthz: .*the target has no HTTPS listener/)]);
    expect(taskDefinition.tags).toEqual([
      { key: "bulkhead-app", value: "app-1" },
      { key: "bulkhead-revision", value: "3" },
      { key: APPLY_TOKEN_TAG, value: PREVIEW_APPLY_TOKEN },
    ]);
  });

  it("creates a Fargate service in the target's subnets with minInstances tasks and a public IP for public ingress", () => {
    expect(create).toMatchObject({
      cluster: "prod",
      serviceName: spec.name,
      taskDefinition: spec.name,
      launchType: "FARGATE",
      desiredCount: 2,
      networkConfiguration: { awsvpcConfiguration: { subnets: coordinates.subnets, securityGroups: coordinates.securityGroups, assignPublicIp: "ENABLED" } },
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
      clientToken: PREVIEW_APPLY_TOKEN,
    });
    expect(update).toMatchObject({ cluster: "prod", service: spec.name, desiredCount: 2, taskDefinition: spec.name });
  });

  it("keeps internal apps off public IPs and runs one task when minInstances is 0", () => {
    const internal = plan({ ...spec, ingress: "internal", minInstances: 0 }, coordinates).requests[1].body as CreateServiceCommandInput;
    expect(internal.networkConfiguration!.awsvpcConfiguration!.assignPublicIp).toBe("DISABLED");
    expect(internal.desiredCount).toBe(1);
  });

  it("is pure: the same input gives the same plan and the spec is left alone", () => {
    const before = structuredClone(spec);
    expect(plan(spec, coordinates)).toEqual(plan(spec, coordinates));
    expect(spec).toEqual(before);
  });
});
