// The emulator's Secrets Manager, and ECS reading it when tasks start, as clients see them: the official SDKs
// sending requests Bulkhead's adapter never would, and Debian's aws CLI as an independent client.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { CreateServiceCommand, DescribeServicesCommand, DescribeTaskDefinitionCommand, DescribeTasksCommand, ECSClient, ListTasksCommand, RegisterTaskDefinitionCommand, type RegisterTaskDefinitionCommandInput } from "@aws-sdk/client-ecs";
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  InvalidParameterException,
  InvalidRequestException,
  ListSecretsCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  RestoreSecretCommand,
  SecretsManagerClient,
  TagResourceCommand,
} from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../emulator-types";
import { awsCli, isolatedEnvironment, startStandaloneEmulator } from "../testing/independent-clients";
import type { AwsCoordinates } from "./target-schema";
import { startEmulator } from "./emulator";
import { ensureLandingZone } from "./sandbox-landing-zone";

const credentials = { accessKeyId: "AKIATESTKEY000000000", secretAccessKey: "test-secret" };
let emulator: RunningEmulator;
let sm: SecretsManagerClient;
let ecs: ECSClient;
/** The cluster "reads" and a network for its services. */
let network: AwsCoordinates;
beforeAll(async () => {
  emulator = await startEmulator({ provisionDelayMs: 100 });
  network = await ensureLandingZone(emulator.url, credentials, { name: "reads", region: "eu-west-1", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", redirectsHttp: false });
  sm = new SecretsManagerClient({ region: "eu-west-1", endpoint: emulator.url, credentials, maxAttempts: 1 });
  ecs = new ECSClient({ region: "eu-west-1", endpoint: emulator.url, credentials, maxAttempts: 1 });
});
afterAll(async () => {
  sm?.destroy();
  ecs?.destroy();
  await emulator?.stop();
});

const token = (c: string) => c.repeat(32);
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected the request to be refused");
    },
    (error: unknown) => error as Error & { $metadata: { httpStatusCode?: number } },
  );

describe("Secrets Manager", () => {
  it("a ClientRequestToken makes a version once: the same token and value again is ignored, another value is refused", async () => {
    const created = await sm.send(new CreateSecretCommand({ Name: "app/db", SecretString: "one", ClientRequestToken: token("a") }));
    expect(created.ARN).toMatch(/^arn:aws:secretsmanager:eu-west-1:000000000000:secret:app\/db-[A-Za-z0-9]{6}$/);
    expect(created.VersionId).toBe(token("a"));
    // CreateSecret repeated by a retry: same secret, same version.
    expect(await sm.send(new CreateSecretCommand({ Name: "app/db", SecretString: "one", ClientRequestToken: token("a") }))).toMatchObject({ ARN: created.ARN, VersionId: token("a") });
    expect(await refusal(sm.send(new CreateSecretCommand({ Name: "app/db", SecretString: "one", ClientRequestToken: token("b") })))).toBeInstanceOf(ResourceExistsException);

    const put = await sm.send(new PutSecretValueCommand({ SecretId: "app/db", SecretString: "two", ClientRequestToken: token("b") }));
    expect(put).toMatchObject({ VersionId: token("b"), VersionStages: ["AWSCURRENT"] });
    expect(await sm.send(new PutSecretValueCommand({ SecretId: created.ARN, SecretString: "two", ClientRequestToken: token("b") }))).toMatchObject({ VersionId: token("b") });
    const changed = await refusal(sm.send(new PutSecretValueCommand({ SecretId: "app/db", SecretString: "other", ClientRequestToken: token("b") })));
    expect(changed).toBeInstanceOf(ResourceExistsException);
    expect(changed.message).not.toContain("other");

    const described = await sm.send(new DescribeSecretCommand({ SecretId: "app/db" }));
    expect(described.VersionIdsToStages).toEqual({ [token("a")]: ["AWSPREVIOUS"], [token("b")]: ["AWSCURRENT"] });
    expect((await sm.send(new GetSecretValueCommand({ SecretId: "app/db" }))).SecretString).toBe("two");
    expect((await sm.send(new GetSecretValueCommand({ SecretId: "app/db", VersionStage: "AWSPREVIOUS" }))).SecretString).toBe("one");
    expect((await sm.send(new GetSecretValueCommand({ SecretId: created.ARN!.slice(0, -7), VersionId: token("a") }))).SecretString).toBe("one");
    expect(await refusal(sm.send(new GetSecretValueCommand({ SecretId: "app/db", VersionId: token("c") })))).toBeInstanceOf(ResourceNotFoundException);
  });

  it.each<[string, () => Promise<unknown>, new (...args: never[]) => Error]>([
    ["a name with a space", () => sm.send(new CreateSecretCommand({ Name: "my secret" })), InvalidParameterException],
    ["a name of 513 characters", () => sm.send(new CreateSecretCommand({ Name: "n".repeat(513) })), InvalidParameterException],
    ["a ClientRequestToken of 31 characters", () => sm.send(new CreateSecretCommand({ Name: "short-token", SecretString: "v", ClientRequestToken: "t".repeat(31) })), InvalidParameterException],
    ["a value over 65,536 bytes", () => sm.send(new CreateSecretCommand({ Name: "too-big", SecretString: "x".repeat(65_537) })), InvalidParameterException],
    ["both a string and a binary value", () => sm.send(new CreateSecretCommand({ Name: "both", SecretString: "v", SecretBinary: new Uint8Array([1]) })), InvalidParameterException],
    ["a tag key starting with aws:", () => sm.send(new CreateSecretCommand({ Name: "tagged", Tags: [{ Key: "aws:x", Value: "y" }] })), InvalidParameterException],
    ["51 tags", () => sm.send(new CreateSecretCommand({ Name: "tagged", Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: "v" })) })), InvalidParameterException],
    ["a value for a secret that does not exist", () => sm.send(new PutSecretValueCommand({ SecretId: "nowhere", SecretString: "v" })), ResourceNotFoundException],
    ["a value without SecretString or SecretBinary", () => sm.send(new PutSecretValueCommand({ SecretId: "app/db" })), InvalidParameterException],
    ["deletion with both a recovery window and no recovery", () => sm.send(new DeleteSecretCommand({ SecretId: "app/db", RecoveryWindowInDays: 7, ForceDeleteWithoutRecovery: true })), InvalidParameterException],
    ["a recovery window of 3 days", () => sm.send(new DeleteSecretCommand({ SecretId: "app/db", RecoveryWindowInDays: 3 })), InvalidParameterException],
  ])("refuses %s as Secrets Manager does", async (_, send, type) => {
    const error = await refusal(send());
    expect(error).toBeInstanceOf(type);
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it("a deletion with a recovery window can be undone; without one the name is free at once", async () => {
    await sm.send(new CreateSecretCommand({ Name: "app/scheduled", SecretString: "kept", ClientRequestToken: token("d") }));
    const scheduled = await sm.send(new DeleteSecretCommand({ SecretId: "app/scheduled", RecoveryWindowInDays: 7 }));
    expect(scheduled.DeletionDate!.getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    expect((await sm.send(new DescribeSecretCommand({ SecretId: "app/scheduled" }))).DeletedDate).toBeInstanceOf(Date);
    for (const blocked of [
      sm.send(new GetSecretValueCommand({ SecretId: "app/scheduled" })),
      sm.send(new PutSecretValueCommand({ SecretId: "app/scheduled", SecretString: "v" })),
      sm.send(new CreateSecretCommand({ Name: "app/scheduled", SecretString: "v" })),
      sm.send(new DeleteSecretCommand({ SecretId: "app/scheduled" })),
    ]) {
      expect(await refusal(blocked)).toBeInstanceOf(InvalidRequestException);
    }
    expect((await sm.send(new ListSecretsCommand({ Filters: [{ Key: "name", Values: ["app/scheduled"] }] }))).SecretList).toEqual([]);
    expect((await sm.send(new ListSecretsCommand({ Filters: [{ Key: "name", Values: ["app/scheduled"] }], IncludePlannedDeletion: true }))).SecretList).toHaveLength(1);

    await sm.send(new RestoreSecretCommand({ SecretId: "app/scheduled" }));
    expect((await sm.send(new GetSecretValueCommand({ SecretId: "app/scheduled" }))).SecretString).toBe("kept");

    await sm.send(new DeleteSecretCommand({ SecretId: "app/scheduled", ForceDeleteWithoutRecovery: true }));
    expect(await refusal(sm.send(new DescribeSecretCommand({ SecretId: "app/scheduled" })))).toBeInstanceOf(ResourceNotFoundException);
    expect(Object.keys(emulator.storedSecrets()).filter((key) => key.includes("app/scheduled"))).toEqual([]);
    await sm.send(new CreateSecretCommand({ Name: "app/scheduled", SecretString: "new" }));
  });

  it("ListSecrets filters by name prefix, tag key and value (with negation), every filter matching", async () => {
    for (const [name, team] of [["svc/a/one", "red"], ["svc/a/two", "blue"], ["svc/b/one", "red"]]) {
      await sm.send(new CreateSecretCommand({ Name: name, Tags: [{ Key: "team", Value: team }] }));
    }
    const names = async (filters: { Key: "name" | "tag-key" | "tag-value"; Values: string[] }[]) => ((await sm.send(new ListSecretsCommand({ Filters: filters }))).SecretList ?? []).map((s) => s.Name).sort();
    expect(await names([{ Key: "name", Values: ["svc/a/"] }])).toEqual(["svc/a/one", "svc/a/two"]);
    expect(await names([{ Key: "name", Values: ["svc/"] }, { Key: "tag-value", Values: ["red"] }])).toEqual(["svc/a/one", "svc/b/one"]);
    expect(await names([{ Key: "name", Values: ["svc/"] }, { Key: "tag-value", Values: ["!red"] }])).toEqual(["svc/a/two"]);
    expect(await names([{ Key: "name", Values: ["SVC/"] }])).toEqual([]);
    await sm.send(new TagResourceCommand({ SecretId: "svc/b/one", Tags: [{ Key: "team", Value: "blue" }, { Key: "tier", Value: "gold" }] }));
    expect(await names([{ Key: "tag-key", Values: ["tier"] }])).toEqual(["svc/b/one"]);
    expect(await names([{ Key: "name", Values: ["svc/"] }, { Key: "tag-value", Values: ["blue"] }])).toEqual(["svc/a/two", "svc/b/one"]);
  });

  it("a request signed for another service is refused", async () => {
    const signedForEcs = await fetch(emulator.url, {
      method: "POST",
      headers: { "X-Amz-Target": "secretsmanager.ListSecrets", "Content-Type": "application/x-amz-json-1.1", Authorization: "AWS4-HMAC-SHA256 Credential=AKIATESTKEY000000000/20260101/eu-west-1/ecs/aws4_request, Signature=x" },
      body: "{}",
    });
    expect(signedForEcs.status).toBe(403);
    expect((await signedForEcs.json()).__type).toBe("InvalidSignatureException");
  });
});

describe("ECS tasks read their secrets when they start", () => {
  const executionRoleArn = "arn:aws:iam::000000000000:role/ecsTaskExecutionRole";
  const taskDefinition = (family: string, secrets: { name: string; valueFrom: string }[], changes: Partial<RegisterTaskDefinitionCommandInput> = {}): RegisterTaskDefinitionCommandInput => ({
    family,
    requiresCompatibilities: ["FARGATE"],
    networkMode: "awsvpc",
    cpu: "256",
    memory: "512",
    executionRoleArn,
    containerDefinitions: [{ name: "app", image: `web@sha256:${"a".repeat(64)}`, environment: [{ name: "PLAIN", value: "yes" }], secrets }],
    ...changes,
  });
  async function run(family: string, secrets: { name: string; valueFrom: string }[]) {
    await ecs.send(new RegisterTaskDefinitionCommand(taskDefinition(family, secrets)));
    await ecs.send(
      new CreateServiceCommand({
        cluster: "reads",
        serviceName: family,
        taskDefinition: family,
        desiredCount: 1,
        launchType: "FARGATE",
        networkConfiguration: { awsvpcConfiguration: { subnets: network.subnets } },
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 150));
    const { services } = await ecs.send(new DescribeServicesCommand({ cluster: "reads", services: [family] }));
    return services![0];
  }

  it("refuses secrets without an execution role, as ECS does", async () => {
    const error = await refusal(ecs.send(new RegisterTaskDefinitionCommand(taskDefinition("no-role", [{ name: "X", valueFrom: "x" }], { executionRoleArn: undefined }))));
    expect(error.name).toBe("ClientException");
    expect(error.message).toBe("When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.");
  });

  it("refuses a valueFrom that is neither a secret or parameter ARN nor a parameter name", async () => {
    const error = await refusal(ecs.send(new RegisterTaskDefinitionCommand(taskDefinition("bad-source", [{ name: "X", valueFrom: "arn:aws:s3:::bucket/key" }]))));
    expect(error.name).toBe("ClientException");
    expect(error.message).toMatch(/Invalid 'valueFrom' for secret 'X' in container 'app'/);
  });

  it("resolves a whole secret, a JSON key, a stage and a version id into the environment", async () => {
    const { ARN } = await sm.send(new CreateSecretCommand({ Name: "reads/json", SecretString: JSON.stringify({ user: "admin", pass: "pw-1" }), ClientRequestToken: token("e") }));
    await sm.send(new PutSecretValueCommand({ SecretId: ARN, SecretString: JSON.stringify({ user: "admin", pass: "pw-2" }), ClientRequestToken: token("f") }));
    const service = await run("resolved", [
      { name: "WHOLE", valueFrom: ARN! },
      { name: "USER", valueFrom: `${ARN}:user::` },
      { name: "OLD_PASS", valueFrom: `${ARN}:pass:AWSPREVIOUS:` },
      { name: "PINNED", valueFrom: `${ARN}:pass::${token("f")}` },
    ]);
    expect(service.deployments![0]).toMatchObject({ rolloutState: "COMPLETED", runningCount: 1 });
    expect(emulator.containerEnvironments()["eu-west-1/reads/resolved"]).toEqual({ PLAIN: "yes", WHOLE: JSON.stringify({ user: "admin", pass: "pw-2" }), USER: "admin", OLD_PASS: "pw-1", PINNED: "pw-2" });
    // The task definition keeps references only.
    const { taskDefinition: registered } = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: "resolved" }));
    expect(JSON.stringify(registered)).not.toContain("pw-");
  });

  it.each([
    ["a secret that does not exist", "arn:aws:secretsmanager:eu-west-1:000000000000:secret:nowhere-AbCdEf", /unable to retrieve secret from asm: .*ResourceNotFoundException: Secrets Manager can't find the specified secret\./],
    ["a version id that does not exist", `arn:aws:secretsmanager:eu-west-1:000000000000:secret:reads/json:::${token("9")}`, /ResourceNotFoundException: Secrets Manager can't find the specified secret value for VersionId/],
    ["a JSON key the secret lacks", "arn:aws:secretsmanager:eu-west-1:000000000000:secret:reads/json:missing::", /did not contain json key missing/],
    ["another account's secret", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:reads/json", /AccessDeniedException/],
    ["an SSM parameter (not emulated, so it does not exist)", "/app/param", /unable to retrieve secrets from ssm: .*invalid parameters: \/app\/param/],
  ])("stops the tasks at start for %s, and the circuit breaker fails the rollout", async (label, valueFrom, reason) => {
    const family = `broken-${label.length}`;
    const service = await run(family, [{ name: "S", valueFrom }]);
    expect(service.deployments![0]).toMatchObject({ rolloutState: "FAILED", rolloutStateReason: "ECS deployment circuit breaker: tasks failed to start.", runningCount: 0, failedTasks: 1 });
    const { taskArns } = await ecs.send(new ListTasksCommand({ cluster: "reads", serviceName: family, desiredStatus: "STOPPED" }));
    const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster: "reads", tasks: taskArns }));
    expect(tasks![0]).toMatchObject({ lastStatus: "STOPPED", stopCode: "TaskFailedToStart" });
    expect(tasks![0].stoppedReason).toMatch(/^ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: /);
    expect(tasks![0].stoppedReason).toMatch(reason);
    expect(emulator.containerEnvironments()[`eu-west-1/reads/${family}`]).toBeUndefined();
  });
});

describe("Debian's aws CLI against the standalone emulator", () => {
  it("creates, puts, reads and deletes a secret", { timeout: 90_000 }, async () => {
    const standalone = await startStandaloneEmulator("aws-ecs");
    try {
      const aws = async (...args: string[]) => {
        const { stdout } = await promisify(execFile)(awsCli(), ["secretsmanager", ...args, "--endpoint-url", standalone.url, "--output", "json"], { env: isolatedEnvironment() });
        return stdout.trim() ? JSON.parse(stdout) : {};
      };
      const created = await aws("create-secret", "--name", "cli/db-password", "--secret-string", "first value", "--tags", "Key=team,Value=blue");
      expect(created).toMatchObject({ Name: "cli/db-password", ARN: expect.stringMatching(/:secret:cli\/db-password-\w{6}$/), VersionId: expect.any(String) });
      const put = await aws("put-secret-value", "--secret-id", "cli/db-password", "--secret-string", "second value", "--client-request-token", token("c"));
      expect(put).toMatchObject({ VersionId: token("c"), VersionStages: ["AWSCURRENT"] });
      expect(await aws("get-secret-value", "--secret-id", "cli/db-password")).toMatchObject({ SecretString: "second value", VersionId: token("c") });
      expect(await aws("get-secret-value", "--secret-id", created.ARN, "--version-stage", "AWSPREVIOUS")).toMatchObject({ SecretString: "first value", VersionId: created.VersionId });
      expect(await aws("delete-secret", "--secret-id", "cli/db-password", "--force-delete-without-recovery")).toMatchObject({ Name: "cli/db-password" });
      const gone = await aws("get-secret-value", "--secret-id", "cli/db-password").catch((error: { stderr: string }) => error);
      expect((gone as { stderr: string }).stderr).toMatch(/ResourceNotFoundException.*Secrets Manager can't find the specified secret/);
    } finally {
      await standalone.stop();
    }
  });
});
