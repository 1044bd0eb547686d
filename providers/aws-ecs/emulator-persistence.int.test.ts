// The AWS emulator with a state folder, as the sandbox runs it: what a deployment made is there again after a
// restart (the service and its running tasks, their secrets, the security groups, target group, rule, namespace),
// and the landing zone is found again rather than made twice.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DescribeSecurityGroupsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { DescribeTargetGroupsCommand, ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../emulator-types";
import type { DeploymentSpec, ResourcePhase, ResourceRef, TargetConnection } from "../types";
import { awsEcsAdapter } from "./adapter";
import { startEmulator } from "./emulator";
import { ensureLandingZone } from "./sandbox-landing-zone";

const credentials = { kind: "aws-ecs", accessKeyId: "AKIATESTKEY000000000", secretAccessKey: "test-secret-access-key" } as const;
const zone = { name: "kept", region: "eu-west-1", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", redirectsHttp: true };
const spec: DeploymentSpec = {
  name: "kept-app",
  image: `registry.example.com/team/kept@sha256:${"a".repeat(64)}`,
  cpu: 0.25,
  memoryMiB: 512,
  port: 8080,
  env: { GREETING: "hello" },
  minInstances: 1,
  maxInstances: 1,
  ingress: "public",
  healthCheckPath: "/healthz",
  labels: {},
  secrets: [{ name: "API_TOKEN", version: 1, fingerprint: "fp-kept-1" }],
  policy: {
    encryption: { ingressTlsRequired: true, minTlsVersion: "1.2", httpRedirectToHttps: true, serviceToServiceEncrypted: true, serviceToServiceMutualAuth: false, egressRestricted: false, egressAllowList: [] },
    links: [],
  },
};

let folder: string;
let emulator: RunningEmulator | undefined;
beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "bulkhead-aws-state-"));
});
afterAll(async () => {
  await emulator?.stop();
  await rm(folder, { recursive: true, force: true });
});

async function until(ref: ResourceRef, phase: ResourcePhase, connection: TargetConnection) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const status = await awsEcsAdapter.status(ref, connection);
    if (status.phase === phase) return status;
    if (Date.now() > deadline) throw new Error(`still ${status.phase} (${status.message}), wanted ${phase}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("state folder", () => {
  it("a restarted emulator holds what the earlier one made, and the landing zone is found again", { timeout: 120_000 }, async () => {
    emulator = await startEmulator({ provisionDelayMs: 200, stateDir: folder });
    const coordinates = await ensureLandingZone(emulator.url, credentials, zone);
    const connection: TargetConnection = { coordinates, credentials, endpoint: emulator.url, maxAttempts: 1 };
    const ref = await awsEcsAdapter.apply(spec, connection, "kept-1", { API_TOKEN: "kept-token" });
    await until(ref, "running", connection);
    const before = { environments: emulator.containerEnvironments(), secrets: emulator.storedSecrets() };
    await emulator.stop();
    expect(JSON.parse(await readFile(path.join(folder, "aws-ecs.json"), "utf8"))).toHaveProperty("ec2");

    emulator = await startEmulator({ provisionDelayMs: 200, stateDir: folder });
    const again = await ensureLandingZone(emulator.url, credentials, zone);
    expect(again).toEqual(coordinates);
    const restarted: TargetConnection = { ...connection, endpoint: emulator.url };
    expect(await awsEcsAdapter.status(ref, restarted)).toMatchObject({ phase: "running", runningInstances: 1 });
    expect(emulator.containerEnvironments()).toEqual(before.environments);
    expect(emulator.containerEnvironments()["eu-west-1/kept/kept-app"]).toEqual({ GREETING: "hello", API_TOKEN: "kept-token" });
    expect(emulator.storedSecrets()).toEqual(before.secrets);
    expect(await awsEcsAdapter.observe(spec, ref, restarted)).toEqual({ missing: false, drift: [] });

    const config = { region: "eu-west-1", endpoint: emulator.url, credentials, maxAttempts: 1 };
    const ec2 = new EC2Client(config);
    const elb = new ElasticLoadBalancingV2Client(config);
    try {
      const { SecurityGroups = [] } = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "tag:bulkhead-resource", Values: ["kept-app"] }] }));
      expect(SecurityGroups.map((g) => g.GroupName)).toEqual(["bulkhead-kept-app@kept"]);
      expect((await elb.send(new DescribeTargetGroupsCommand({}))).TargetGroups!.filter((g) => g.TargetGroupName!.startsWith("kept-app-"))).toHaveLength(1);
    } finally {
      ec2.destroy();
      elb.destroy();
    }

    // A redeploy after the restart updates what is there; destroy still removes everything.
    await awsEcsAdapter.apply({ ...spec, minInstances: 2, maxInstances: 2 }, restarted, "kept-2", { API_TOKEN: "kept-token" });
    expect(await until(ref, "running", restarted)).toMatchObject({ runningInstances: 2 });
    await awsEcsAdapter.destroy(ref, restarted);
    expect(emulator.resourceNames()).toEqual([]);
  });
});
