// CloudWatch Logs of the emulator through the official SDK: the awslogs driver's streams of a service's tasks, read
// with GetLogEvents, FilterLogEvents (filter patterns, paging) and DescribeLogStreams, and refused as AWS refuses.
import { CloudWatchLogsClient, DescribeLogStreamsCommand, FilterLogEventsCommand, GetLogEventsCommand, InvalidParameterException, ResourceNotFoundException } from "@aws-sdk/client-cloudwatch-logs";
import { CreateClusterCommand, CreateServiceCommand, ECSClient, RegisterTaskDefinitionCommand } from "@aws-sdk/client-ecs";
import { CreateSubnetCommand, CreateVpcCommand, EC2Client } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../emulator-types";
import { startEmulator } from "./emulator";

const PROBE_MS = 200;
const credentials = { accessKeyId: "AKIATESTKEY000000000", secretAccessKey: "test-secret" };
let emulator: RunningEmulator;
let logs: CloudWatchLogsClient;
let stream: string;

beforeAll(async () => {
  emulator = await startEmulator({ provisionDelayMs: 100, probePeriodMs: PROBE_MS });
  const config = { region: "eu-west-1", endpoint: emulator.url, credentials, maxAttempts: 1 };
  const ec2 = new EC2Client(config);
  const ecs = new ECSClient(config);
  logs = new CloudWatchLogsClient(config);
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }));
  const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: Vpc!.VpcId, CidrBlock: "10.0.1.0/24", AvailabilityZone: "eu-west-1a" }));
  await ecs.send(new CreateClusterCommand({ clusterName: "logs" }));
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: "web",
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: "256",
      memory: "512",
      executionRoleArn: "arn:aws:iam::000000000000:role/exec",
      containerDefinitions: [
        {
          name: "web",
          image: "registry.example.com/web:1",
          portMappings: [{ containerPort: 8080 }],
          environment: [{ name: "MODE", value: "secret-mode-value" }],
          logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/app/web", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "ecs", "awslogs-create-group": "true" } },
        },
      ],
    }),
  );
  await ecs.send(new CreateServiceCommand({ cluster: "logs", serviceName: "web", taskDefinition: "web", desiredCount: 1, launchType: "FARGATE", networkConfiguration: { awsvpcConfiguration: { subnets: [Subnet!.SubnetId!] } } }));
  ec2.destroy();
  ecs.destroy();
  await new Promise((resolve) => setTimeout(resolve, 100 + 6 * PROBE_MS));
  const { logStreams } = await logs.send(new DescribeLogStreamsCommand({ logGroupName: "/app/web" }));
  stream = logStreams![0].logStreamName!;
});
afterAll(async () => {
  logs?.destroy();
  await emulator?.stop();
});

describe("CloudWatch Logs", () => {
  it("names each task's stream <prefix>/<container>/<task id> and serves its lines, newest by default", async () => {
    expect(stream).toMatch(/^ecs\/web\/[0-9a-f]{32}$/);
    const head = await logs.send(new GetLogEventsCommand({ logGroupName: "/app/web", logStreamName: stream, startFromHead: true, limit: 3 }));
    expect(head.events!.map((event) => event.message)).toEqual(["Starting registry.example.com/web:1", "Environment: MODE", "Listening on port 8080"]);
    const next = await logs.send(new GetLogEventsCommand({ logGroupName: "/app/web", logStreamName: stream, nextToken: head.nextForwardToken, limit: 1 }));
    expect(next.events!.map((event) => event.message)).toEqual(["GET / 200 OK"]);
    const tail = await logs.send(new GetLogEventsCommand({ logGroupName: "/app/web", logStreamName: stream, limit: 1 }));
    expect(tail.events![0].timestamp!).toBeGreaterThan(next.events![0].timestamp!);
    expect(JSON.stringify(head)).not.toMatch(/secret-mode-value/);
  });

  it("filters with CloudWatch's patterns and pages with nextToken", async () => {
    const messages = async (filterPattern: string) => (await logs.send(new FilterLogEventsCommand({ logGroupName: "/app/web", filterPattern }))).events!.map((event) => event.message);
    expect(await messages('"Environment: MODE"')).toEqual(["Environment: MODE"]);
    expect(await messages("Listening 8080")).toEqual(["Listening on port 8080"]);
    expect(await messages("?Starting ?Listening")).toEqual(["Starting registry.example.com/web:1", "Listening on port 8080"]);
    expect((await messages("GET -OK")).length).toBe(0);
    const first = await logs.send(new FilterLogEventsCommand({ logGroupName: "/app/web", limit: 2 }));
    expect(first.events).toHaveLength(2);
    const second = await logs.send(new FilterLogEventsCommand({ logGroupName: "/app/web", limit: 2, nextToken: first.nextToken }));
    expect(second.events![0].message).toBe("Listening on port 8080");
    const range = await logs.send(new FilterLogEventsCommand({ logGroupName: "/app/web", startTime: first.events![0].timestamp, endTime: first.events![0].timestamp }));
    expect(range.events!.map((event) => event.message)).toEqual(["Starting registry.example.com/web:1", "Environment: MODE", "Listening on port 8080"]);
  });

  it("refuses what CloudWatch Logs refuses", async () => {
    await expect(logs.send(new FilterLogEventsCommand({ logGroupName: "/app/none" }))).rejects.toThrow(ResourceNotFoundException);
    await expect(logs.send(new FilterLogEventsCommand({ logGroupName: "/app/web", logGroupIdentifier: "/app/web" }))).rejects.toThrow(InvalidParameterException);
    await expect(logs.send(new FilterLogEventsCommand({ logGroupName: "/app/web", limit: 10_001 }))).rejects.toThrow(InvalidParameterException);
    await expect(logs.send(new FilterLogEventsCommand({ logGroupName: "/app/web", filterPattern: '"unclosed' }))).rejects.toThrow(InvalidParameterException);
    await expect(logs.send(new GetLogEventsCommand({ logGroupName: "/app/web", logStreamName: "ecs/web/none" }))).rejects.toThrow(/The specified log stream does not exist\./);
    await expect(logs.send(new DescribeLogStreamsCommand({ logGroupName: "/app/web", orderBy: "LastEventTime", logStreamNamePrefix: "ecs/" }))).rejects.toThrow(InvalidParameterException);
  });
});
