// The emulator as ECS's clients see it: the official SDK sending requests that skip Bulkhead's
// validation, and Debian's aws CLI as an independent client. 127.0.0.1 only.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import {
  CreateClusterCommand,
  ClientException,
  CreateServiceCommand,
  type CreateServiceCommandInput,
  DeleteServiceCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  InvalidParameterException,
  ListServicesCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput,
  ServiceNotActiveException,
  ServiceNotFoundException,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../emulator-types";
import { awsCli, isolatedEnvironment } from "../testing/independent-clients";
import type { AwsCoordinates } from "./target-schema";
import { startEmulator } from "./emulator";
import { mapError } from "./map-error";
import { ensureLandingZone } from "./sandbox-landing-zone";

const credentials = { accessKeyId: "AKIATESTKEY000000000", secretAccessKey: "test-secret" };
let emulator: RunningEmulator;
let client: ECSClient;
/** The cluster "wire" with a VPC, subnets and a security group; clusters "reads" and "cli" beside it. */
let network: AwsCoordinates;
beforeAll(async () => {
  // Long enough that a task seen right after its service was created is still provisioning, however loaded the machine.
  emulator = await startEmulator({ provisionDelayMs: 1500 });
  client = new ECSClient({ region: "eu-west-1", endpoint: emulator.url, credentials, maxAttempts: 1 });
  network = await ensureLandingZone(emulator.url, credentials, { name: "wire", region: "eu-west-1", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", redirectsHttp: false });
  for (const clusterName of ["reads", "cli"]) await client.send(new CreateClusterCommand({ clusterName }));
});
afterAll(async () => {
  client?.destroy();
  await emulator?.stop();
});

const taskDefinition = (changes: Partial<RegisterTaskDefinitionCommandInput> = {}): RegisterTaskDefinitionCommandInput => ({
  family: "wire",
  requiresCompatibilities: ["FARGATE"],
  networkMode: "awsvpc",
  cpu: "256",
  memory: "512",
  containerDefinitions: [{ name: "app", image: `web@sha256:${"a".repeat(64)}`, essential: true, portMappings: [{ containerPort: 8080 }] }],
  ...changes,
});
const service = (changes: Partial<CreateServiceCommandInput> = {}): CreateServiceCommandInput => ({
  cluster: "wire",
  serviceName: "wire",
  taskDefinition: "wire",
  desiredCount: 1,
  launchType: "FARGATE",
  networkConfiguration: { awsvpcConfiguration: { subnets: network.subnets, securityGroups: network.securityGroups, assignPublicIp: "DISABLED" } },
  ...changes,
});
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected ECS to refuse the request");
    },
    (error: unknown) => error as Error & { $metadata: { httpStatusCode?: number } },
  );

describe("requests that skip validate are refused as ECS refuses them", () => {
  beforeAll(async () => {
    await client.send(new RegisterTaskDefinitionCommand(taskDefinition()));
  });

  it.each<[string, Partial<RegisterTaskDefinitionCommandInput>, RegExp, string | undefined]>([
    ["a cpu/memory pair Fargate does not offer", { cpu: "256", memory: "4096" }, /No Fargate configuration exists for given values: 256 CPU, 4096 memory/, "memoryMiB"],
    ["a cpu size Fargate does not offer", { cpu: "300", memory: "512" }, /No Fargate configuration/, "memoryMiB"],
    ["bridge networking on Fargate", { networkMode: "bridge" }, /Fargate only supports network mode 'awsvpc'/, undefined],
    ["no task-level memory on Fargate", { memory: undefined }, /'memory' be defined/, "memoryMiB"],
    ["a family with a space", { family: "my app" }, /Family 'my app' is invalid/, "name"],
    ["a container without an image", { containerDefinitions: [{ name: "app", image: "" }] }, /Container.image should not be null or empty/, "image"],
    ["a port out of range", { containerDefinitions: [{ name: "app", image: "web", portMappings: [{ containerPort: 70000 }] }] }, /'containerPort'/, "port"],
    ["a host port unlike the container port", { containerDefinitions: [{ name: "app", image: "web", portMappings: [{ containerPort: 80, hostPort: 81 }] }] }, /host ports and container ports/, "port"],
    ["a privileged container on Fargate", { containerDefinitions: [{ name: "app", image: "web", privileged: true }] }, /Privileged containers are not supported on Fargate/, undefined],
    ["a reserved tag key", { tags: [{ key: "aws:x", value: "y" }] }, /reserved by AWS/, "labels"],
  ])("RegisterTaskDefinition with %s", async (_, changes, message, field) => {
    const error = await rejection(client.send(new RegisterTaskDefinitionCommand(taskDefinition(changes))));
    expect(error.message).toMatch(message);
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error instanceof ClientException || error instanceof InvalidParameterException).toBe(true);
    expect(mapError(error, { target: "t", secrets: [] })).toMatchObject({ kind: "invalid", field });
  });

  it.each<[string, Partial<CreateServiceCommandInput>, RegExp]>([
    ["no network configuration for an awsvpc task", { networkConfiguration: undefined }, /Network Configuration must be provided when networkMode 'awsvpc' is specified/],
    ["no subnets", { networkConfiguration: { awsvpcConfiguration: { subnets: [] } } }, /subnets can not be empty/],
    ["17 subnets", { networkConfiguration: { awsvpcConfiguration: { subnets: Array(17).fill("subnet-0a1b2c3d") } } }, /at most 16/],
    ["a service name with a slash", { serviceName: "a/b" }, /Invalid 'serviceName'/],
    ["no desiredCount", { desiredCount: undefined }, /'desiredCount' is required/],
    ["a negative desiredCount", { desiredCount: -1 }, /desiredCount must be between 0 and 5000/],
    ["a task definition that does not exist", { taskDefinition: "nothing:7" }, /TaskDefinition not found/],
    ["a 37-character clientToken", { clientToken: "x".repeat(37) }, /clientToken/],
  ])("CreateService with %s", async (_, changes, message) => {
    const error = await rejection(client.send(new CreateServiceCommand(service(changes))));
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.message).toMatch(message);
  });

  it("CreateService is idempotent by clientToken and refuses the same name with another", async () => {
    const first = await client.send(new CreateServiceCommand(service({ serviceName: "tokened", clientToken: "token-1" })));
    const again = await client.send(new CreateServiceCommand(service({ serviceName: "tokened", clientToken: "token-1" })));
    expect(again.service!.serviceArn).toBe(first.service!.serviceArn);
    expect(again.service!.createdAt).toEqual(first.service!.createdAt);
    const error = await rejection(client.send(new CreateServiceCommand(service({ serviceName: "tokened", clientToken: "token-2" }))));
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.message).toBe("Creation of service was not idempotent.");
    expect(emulator.resourceNames().filter((n) => n.endsWith("/tokened"))).toEqual(["eu-west-1/wire/tokened"]);
  });

  it("services that are missing or deleted answer with ECS's own exceptions", async () => {
    expect(await rejection(client.send(new UpdateServiceCommand({ cluster: "wire", service: "nobody", desiredCount: 1 })))).toBeInstanceOf(ServiceNotFoundException);
    await client.send(new CreateServiceCommand(service({ serviceName: "doomed" })));
    const stopped = await rejection(client.send(new DeleteServiceCommand({ cluster: "wire", service: "doomed" })));
    expect(stopped.message).toBe("The service cannot be stopped while it is scaled above 0.");
    expect((await client.send(new DeleteServiceCommand({ cluster: "wire", service: "doomed", force: true }))).service!.status).toBe("DRAINING");
    expect(await rejection(client.send(new UpdateServiceCommand({ cluster: "wire", service: "doomed", desiredCount: 1 })))).toBeInstanceOf(ServiceNotActiveException);
    // While its tasks stop the service drains: still described, not listed, and its name cannot be used again.
    const draining = await client.send(new DescribeServicesCommand({ cluster: "wire", services: ["doomed", "never"] }));
    expect(draining.services!.map((s) => s.status)).toEqual(["DRAINING"]);
    expect(draining.failures).toEqual([{ arn: "arn:aws:ecs:eu-west-1:000000000000:service/wire/never", reason: "MISSING" }]);
    expect((await client.send(new ListServicesCommand({ cluster: "wire" }))).serviceArns).not.toContain(draining.services![0].serviceArn);
    const again = await rejection(client.send(new CreateServiceCommand(service({ serviceName: "doomed" }))));
    expect(again).toBeInstanceOf(InvalidParameterException);
    expect(again.message).toBe("Unable to Start a service that is still Draining.");
    // Then INACTIVE, and the name is free.
    const deadline = Date.now() + 20_000;
    let status = draining.services![0].status;
    while (status !== "INACTIVE" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await client.send(new DescribeServicesCommand({ cluster: "wire", services: ["doomed"] }))).services![0].status;
    }
    expect(status).toBe("INACTIVE");
    expect((await client.send(new CreateServiceCommand(service({ serviceName: "doomed" })))).service!.status).toBe("ACTIVE");
  });

  it("an unknown access key, an unsigned request and an unknown operation get AWS's error shapes", async () => {
    const response = await fetch(emulator.url, { method: "POST", headers: { "X-Amz-Target": "AmazonEC2ContainerServiceV20141113.ListServices", "Content-Type": "application/x-amz-json-1.1" }, body: "{}" });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ __type: "MissingAuthenticationTokenException", message: "Missing Authentication Token" });
    const unknown = await fetch(emulator.url, {
      method: "POST",
      headers: { "X-Amz-Target": "AmazonEC2ContainerServiceV20141113.LaunchRockets", Authorization: "AWS4-HMAC-SHA256 Credential=AKIATESTKEY000000000/20260101/eu-west-1/ecs/aws4_request, Signature=x" },
      body: "{}",
    });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).__type).toBe("UnknownOperationException");
  });
});

describe("reads", () => {
  it("lists and describes services, task definitions and tasks, with epoch-second timestamps", async () => {
    await client.send(new RegisterTaskDefinitionCommand(taskDefinition({ family: "reader", tags: [{ key: "team", value: "blue" }] })));
    const created = await client.send(new CreateServiceCommand(service({ cluster: "reads", serviceName: "reader", taskDefinition: "reader:1", desiredCount: 2 })));
    expect(created.service!.createdAt).toBeInstanceOf(Date);
    expect(Math.abs(created.service!.createdAt!.getTime() - Date.now())).toBeLessThan(5000);

    const listed = await client.send(new ListServicesCommand({ cluster: "reads" }));
    expect(listed.serviceArns).toEqual(["arn:aws:ecs:eu-west-1:000000000000:service/reads/reader"]);
    const described = await client.send(new DescribeTaskDefinitionCommand({ taskDefinition: "reader", include: ["TAGS"] }));
    expect(described.taskDefinition).toMatchObject({ family: "reader", revision: 1, status: "ACTIVE", cpu: "256", compatibilities: ["EC2", "FARGATE"] });
    expect(described.tags).toEqual([{ key: "team", value: "blue" }]);

    const pending = await client.send(new ListTasksCommand({ cluster: "reads", serviceName: "reader" }));
    expect(pending.taskArns).toHaveLength(2);
    const { tasks } = await client.send(new DescribeTasksCommand({ cluster: "reads", tasks: pending.taskArns }));
    expect(tasks!.map((t) => t.lastStatus)).toEqual(["PROVISIONING", "PROVISIONING"]);
    const deadline = Date.now() + 20_000;
    let later = await client.send(new DescribeTasksCommand({ cluster: "reads", tasks: pending.taskArns }));
    while (later.tasks!.some((t) => t.lastStatus !== "RUNNING") && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      later = await client.send(new DescribeTasksCommand({ cluster: "reads", tasks: pending.taskArns }));
    }
    expect(later.tasks!.map((t) => t.lastStatus)).toEqual(["RUNNING", "RUNNING"]);
    const { services } = await client.send(new DescribeServicesCommand({ cluster: "reads", services: ["reader"] }));
    expect(services![0]).toMatchObject({ runningCount: 2, desiredCount: 2, deployments: [{ status: "PRIMARY", rolloutState: "COMPLETED" }] });
  });
});

// Debian's aws CLI is an independent client of the same wire protocol; a machine without it fails here, naming the package.
describe("awscli", () => {
  it("lists and describes the services the SDK created", { timeout: 120_000 }, async () => {
    await client.send(new RegisterTaskDefinitionCommand(taskDefinition({ family: "cli" })));
    await client.send(new CreateServiceCommand(service({ cluster: "cli", serviceName: "cli", taskDefinition: "cli" })));
    // Only dummy credentials and no config files: the CLI must not find anything ambient.
    const cli = (...args: string[]) => promisify(execFile)(awsCli(), ["ecs", ...args, "--endpoint-url", emulator.url, "--output", "json"], { env: isolatedEnvironment() });
    const aws = async (...args: string[]) => JSON.parse((await cli(...args)).stdout);
    expect(await aws("list-services", "--cluster", "cli")).toEqual({ serviceArns: ["arn:aws:ecs:eu-west-1:000000000000:service/cli/cli"] });
    const described = await aws("describe-services", "--cluster", "cli", "--services", "cli");
    expect(described.services[0]).toMatchObject({ serviceName: "cli", status: "ACTIVE", launchType: "FARGATE", desiredCount: 1 });
    const refused = await cli("delete-service", "--cluster", "cli", "--service", "nobody").catch((e: { stderr: string }) => e);
    expect((refused as { stderr: string }).stderr).toMatch(/ServiceNotFoundException.*Service not found/);
  });
});
