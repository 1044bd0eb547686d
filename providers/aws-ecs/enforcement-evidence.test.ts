// The rule of the issue, as a property over specs, policies and target coordinates: a plan calls a setting enforced
// only when apply sends the construct (the evidence names one of the plan's requests) or reads back what the target
// declares and refuses without it (the evidence names one of the plan's checks).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TLS_VERSIONS } from "../types";
import type { DeploymentSpec, EncryptionPolicy, NetworkLink } from "../types";
import type { AwsCoordinates } from "./target-schema";
import { plan } from "./plan";

const APPS = ["orders-3f9a2c", "billing-1a2b3c", "web-9f8e7d"];
const POLICIES = ["ELBSecurityPolicy-TLS13-1-3-2021-06", "ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-Unknown-1"];

const encryption: fc.Arbitrary<EncryptionPolicy> = fc.record({
  ingressTlsRequired: fc.boolean(),
  minTlsVersion: fc.constantFrom(...TLS_VERSIONS),
  httpRedirectToHttps: fc.boolean(),
  serviceToServiceEncrypted: fc.boolean(),
  serviceToServiceMutualAuth: fc.boolean(),
  egressRestricted: fc.boolean(),
  egressAllowList: fc.array(fc.constantFrom("10.0.0.0/8", "192.0.2.0/24", "api.example.com", "0.0.0.0/0"), { maxLength: 3 }),
});

const coordinates: fc.Arbitrary<AwsCoordinates> = fc.record(
  {
    kind: fc.constant("aws-ecs" as const),
    region: fc.constantFrom("eu-west-1", "us-east-2"),
    cluster: fc.constantFrom("prod", "arn:aws:ecs:eu-west-1:123456789012:cluster/shared"),
    subnets: fc.constantFrom(["subnet-0a1b2c3d"], ["subnet-0a1b2c3d", "subnet-0a1b2c3e"]),
    securityGroups: fc.constantFrom(["sg-0a1b2c3d"], ["sg-0a1b2c3d", "sg-0a1b2c3e"]),
    executionRoleArn: fc.constant("arn:aws:iam::123456789012:role/ecsTaskExecutionRole"),
    httpsListener: fc.record({ listenerArn: fc.constant("arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/edge/1/2"), sslPolicy: fc.constantFrom(...POLICIES), redirectsHttp: fc.boolean() }),
    serviceConnect: fc.record({
      namespace: fc.constantFrom("bulkhead", "arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-abcdef0123456789"),
      privateCaArn: fc.constant("arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/0a1b2c3d"),
      kmsKeyArn: fc.constant("arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d"),
      tlsRoleArn: fc.constant("arn:aws:iam::123456789012:role/serviceConnectTls"),
    }),
  },
  { requiredKeys: ["kind", "region", "cluster", "subnets", "securityGroups", "executionRoleArn"] },
);

const links = (app: string): fc.Arbitrary<NetworkLink[]> =>
  fc.array(
    fc.constantFrom(...APPS.filter((other) => other !== app)).chain((other) => fc.constantFrom<NetworkLink>({ from: other, to: app, port: 8080 }, { from: app, to: other, port: 9090 })),
    { maxLength: 3 },
  );

const spec: fc.Arbitrary<DeploymentSpec> = fc.constantFrom(...APPS).chain((name) =>
  fc.record({
    name: fc.constant(name),
    image: fc.constant(`registry.example.com/team/app@sha256:${"c".repeat(64)}`),
    cpu: fc.constant(0.5),
    memoryMiB: fc.constant(1024),
    port: fc.constant(8080),
    env: fc.constant({}),
    minInstances: fc.constant(1),
    maxInstances: fc.constant(2),
    ingress: fc.constantFrom("public" as const, "internal" as const),
    healthCheckPath: fc.constantFrom("/healthz", "/ready?deep=1"),
    labels: fc.constant({}),
    policy: fc.record(
      {
        encryption,
        hardening: fc.record({ nonRoot: fc.boolean(), readOnlyRootFilesystem: fc.boolean(), noPrivileged: fc.boolean(), dropCapabilities: fc.boolean() }),
        links: links(name),
      },
      { requiredKeys: ["hardening", "links"] },
    ),
  }),
);

describe("enforcement evidence", () => {
  it("every setting enforced by a request or the target names a request the plan sends or a check apply makes", () => {
    fc.assert(
      fc.property(spec, coordinates, (s, c) => {
        const result = plan(s, c);
        const requests = new Set(result.requests.map((r) => r.operation));
        const checks = new Set((result.checks ?? []).map((check) => check.operation));
        for (const row of result.enforcement ?? []) {
          if (row.by !== "request" && row.by !== "target") continue;
          expect(row.evidence, `${row.setting} (${row.by}) names no evidence`).toBeDefined();
          if ("request" in row.evidence!) expect(requests, `${row.setting}: ${row.evidence.request} is not among the requests`).toContain(row.evidence.request);
          else expect(checks, `${row.setting}: ${row.evidence!.check} is not among the checks`).toContain(row.evidence!.check);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("every group, target group and rule the requests make is tagged for the app and cluster it belongs to", () => {
    fc.assert(
      fc.property(spec, coordinates, (s, c) => {
        const cluster = c.cluster.slice(c.cluster.lastIndexOf("/") + 1);
        for (const request of plan(s, c).requests.filter((r) => /^(EC2\.CreateSecurityGroup|ELBv2\.Create)/.test(r.operation))) {
          const body = request.body as { Tags?: { Key: string; Value: string }[]; TagSpecifications?: { Tags: { Key: string; Value: string }[] }[] };
          const tags = body.Tags ?? body.TagSpecifications?.[0].Tags ?? [];
          expect(tags).toContainEqual({ Key: "bulkhead-cluster", Value: cluster });
          expect(tags.find((t) => t.Key === "bulkhead-resource")?.Value).toMatch(new RegExp(`^(${APPS.join("|")})$`));
        }
      }),
      { numRuns: 200 },
    );
  });
});
