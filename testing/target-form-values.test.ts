// The target form's values (app/_components/targets/target-fields.ts, with each provider's fields as targets.providers
// gives them) as the server's createTargetInput takes them: here because it needs both sides, which app/ and server/
// may not import from each other.
import { describe, expect, it } from "vitest";
import { nestedValues } from "@/app/_components/targets/target-fields";
import { providerDescriptors } from "@/providers/registry";
import { createTargetInput } from "@/server/targets/schemas";

const form = (kind: string, values: Record<string, string>) => {
  const fields = providerDescriptors().find((provider) => provider.kind === kind)!.form;
  return {
    name: "prod-eu",
    coordinates: { kind, region: "eu-west-1", ...nestedValues(fields.coordinates, values, "coordinates."), ...nestedValues(fields.tls, values, "coordinates.", true) },
    credentials: { kind, ...nestedValues(fields.credentials, values, "credentials.", true) },
  };
};

const aws = {
  "coordinates.cluster": "prod",
  "coordinates.subnets": "subnet-1, subnet-2",
  "coordinates.securityGroups": "sg-1",
  "coordinates.executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
  "credentials.accessKeyId": "AKIAIOSFODNN7EXAMPLE",
  "credentials.secretAccessKey": "secret",
};

// What Google's console hands out, in the fields the form checks.
const serviceAccountKey = JSON.stringify({
  type: "service_account",
  project_id: "acme-prod-eu",
  private_key: "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n",
  client_email: "deployer@acme-prod-eu.iam.gserviceaccount.com",
  token_uri: "https://oauth2.googleapis.com/token",
});

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
    const parsed = createTargetInput.parse(form("gcp-cloud-run", { "coordinates.projectId": "acme-prod-eu", "credentials.serviceAccountKey": serviceAccountKey, "coordinates.loadBalancer.sslPolicy": "modern" }));
    expect(parsed.coordinates).toMatchObject({ loadBalancer: { sslPolicy: "modern", minTlsVersion: "1.2", redirectsHttp: false } });
  });

  it("assumes a role only when one is named, with its external id", () => {
    expect(createTargetInput.parse(form("aws-ecs", aws)).credentials).toEqual({ kind: "aws-ecs", accessKeyId: aws["credentials.accessKeyId"], secretAccessKey: "secret" });
    const withRole = createTargetInput.parse(form("aws-ecs", { ...aws, "credentials.assumeRole.roleArn": "arn:aws:iam::123456789012:role/deployer", "credentials.assumeRole.externalId": "acme-42" }));
    expect(withRole.credentials).toMatchObject({ assumeRole: { roleArn: "arn:aws:iam::123456789012:role/deployer", externalId: "acme-42" } });
  });

  it("wants a client secret or a certificate for a service principal, not both and not neither", () => {
    const principal = { "coordinates.subscriptionId": "00000000-0000-4000-8000-000000000001", "coordinates.resourceGroup": "prod", "credentials.tenantId": "contoso.onmicrosoft.com", "credentials.clientId": "00000000-0000-4000-8000-000000000002" };
    const neither = createTargetInput.safeParse(form("azure-aci", principal));
    expect(neither.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([["credentials.clientSecret", "Give either a client secret or a client certificate"]]);
    expect(createTargetInput.parse(form("azure-aci", { ...principal, "credentials.clientSecret": "s3cret" })).credentials).toMatchObject({ clientSecret: "s3cret" });
  });

  it("says what is wrong with a key file that is not a service account's", () => {
    const parsed = createTargetInput.safeParse(form("gcp-cloud-run", { "coordinates.projectId": "acme-prod-eu", "credentials.serviceAccountKey": JSON.stringify({ type: "authorized_user" }) }));
    expect(parsed.error?.issues.map((issue) => issue.message)).toEqual(['Service account key: The key file is not a service account key ("type" is not "service_account")']);
  });
});
