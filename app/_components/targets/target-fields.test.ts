import { describe, expect, it } from "vitest";
import { createTargetInput } from "@/server/targets/schemas";
import { nestedValues, targetFields, tlsFields } from "./target-fields";

const form = (kind: "aws-ecs" | "gcp-cloud-run", values: Record<string, string>) => ({
  name: "prod-eu",
  coordinates: { kind, region: "eu-west-1", ...nestedValues(targetFields[kind], values, "coordinates."), ...nestedValues(tlsFields[kind], values, "coordinates.", true) },
  credentials: { kind, ...nestedValues(targetFields[kind], values, "credentials.") },
});

const aws = {
  "coordinates.cluster": "prod",
  "coordinates.subnets": "subnet-1, subnet-2",
  "coordinates.securityGroups": "sg-1",
  "coordinates.executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
  "credentials.accessKeyId": "AKIA0000",
  "credentials.secretAccessKey": "secret",
};

describe("the target form's values as createTargetInput", () => {
  it("leaves out TLS groups the operator left empty, even with a box ticked", () => {
    const parsed = createTargetInput.parse(form("aws-ecs", { ...aws, "coordinates.httpsListener.redirectsHttp": "true" }));
    expect(parsed.coordinates).toEqual({ kind: "aws-ecs", region: "eu-west-1", cluster: "prod", subnets: ["subnet-1", "subnet-2"], securityGroups: ["sg-1"], executionRoleArn: aws["coordinates.executionRoleArn"] });
  });

  it("nests a filled group and checks it field by field", () => {
    const listener = { "coordinates.httpsListener.listenerArn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/prod/1/2", "coordinates.httpsListener.redirectsHttp": "true" };
    const missing = createTargetInput.safeParse(form("aws-ecs", { ...aws, ...listener }));
    expect(missing.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["coordinates.httpsListener.sslPolicy", "ELB security policy looks like ELBSecurityPolicy-TLS13-1-2-2021-06"],
    ]);
    const parsed = createTargetInput.parse(form("aws-ecs", { ...aws, ...listener, "coordinates.httpsListener.sslPolicy": "ELBSecurityPolicy-TLS13-1-3-2021-06" }));
    expect(parsed.coordinates).toMatchObject({ httpsListener: { listenerArn: listener["coordinates.httpsListener.listenerArn"], sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06", redirectsHttp: true } });
  });

  it("takes the shown default TLS version for a Cloud Run load balancer", () => {
    const parsed = createTargetInput.parse(
      form("gcp-cloud-run", { "coordinates.projectId": "acme-prod-eu", "credentials.accessToken": "token", "coordinates.loadBalancer.sslPolicy": "modern" }),
    );
    expect(parsed.coordinates).toMatchObject({ loadBalancer: { sslPolicy: "modern", minTlsVersion: "1.2", redirectsHttp: false } });
  });
});
