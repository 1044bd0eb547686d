import { describe, expect, it } from "vitest";
import type { DeploymentSpec, TargetCoordinates } from "@/providers/types";
import type { AzureCoordinates } from "./target-schema";
import { ALLOW_ALL_CCE_POLICY } from "./confidential";
import { plan, SPEC_TAG, validate } from "./plan";

const coordinates: AzureCoordinates = { kind: "azure-aci", region: "westeurope", subscriptionId: "00000000-0000-4000-8000-000000000000", resourceGroup: "prod-apps" };
const digest = "a".repeat(64);
const spec: DeploymentSpec = {
  name: "web-3f9a2c",
  image: `registry.example.com/team/web@sha256:${digest}`,
  cpu: 0.5,
  memoryMiB: 1024,
  port: 8080,
  env: { ZETA: "last", ALPHA: "first" },
  minInstances: 1,
  maxInstances: 1,
  ingress: "public",
  healthCheckPath: "/healthz",
  labels: { "bulkhead-app": "app-1", "bulkhead-revision": "3" },
};

describe("validate", () => {
  it("accepts a spec Azure Container Instances can run", () => {
    expect(validate(spec, coordinates)).toEqual([]);
  });

  const cases: [string, Partial<DeploymentSpec>, string, RegExp][] = [
    ["an image by tag", { image: "registry.example.com/team/web:latest" }, "image", /pinned by digest/],
    ["an image with a short digest", { image: "registry.example.com/team/web@sha256:abc" }, "image", /64 lowercase hex/],
    ["an image with an uppercase repository", { image: `registry.example.com/Team/web@sha256:${digest}` }, "image", /lowercase repository/],
    ["cpu off the 0.1 step", { cpu: 0.25 }, "cpu", /0\.1 to 4 vCPU in steps of 0\.1/],
    ["cpu above 4", { cpu: 8 }, "cpu", /asked: 8/],
    ["no cpu", { cpu: 0 }, "cpu", /0\.1 to 4/],
    ["memory off the 0.1 GB step", { memoryMiB: 768 }, "memoryMiB", /768 MiB is 0\.75 GB.*multiples of 512/],
    ["memory above 16 GB", { memoryMiB: 32_768 }, "memoryMiB", /0\.1 to 16 GB/],
    ["an uppercase name", { name: "Web-app" }, "name", /lowercase letters, digits and hyphens/],
    ["a name with two hyphens in a row", { name: "bad--name-1a2b3c" }, "name", /two hyphens in a row/],
    ["a name ending with a hyphen", { name: "web-" }, "name", /start or end with a hyphen/],
    ["a name of 64 characters", { name: "w".repeat(64) }, "name", /1 to 63 characters long \(it has 64\)/],
    ["port 0", { port: 0 }, "port", /Port must be between 1 and 65535/],
    ["port 70000", { port: 70_000 }, "port", /Port must be between 1 and 65535 \(asked: 70000\)/],
    ["an environment variable Azure refuses", { env: { "1ST": "x" } }, "env.1ST", /must start with a letter or "_"/],
    ["more than one instance", { maxInstances: 3 }, "maxInstances", /cannot scale out/],
    ["scale to zero", { minInstances: 0 }, "minInstances", /cannot scale to zero/],
    ["a health check path without /", { healthCheckPath: "healthz" }, "healthCheckPath", /start with "\/"/],
    ["a label Azure cannot tag", { labels: { "team/name": "x" } }, "labels.team/name", /must not contain/],
    ["a label of Bulkhead's own", { labels: { [SPEC_TAG]: "x" } }, `labels.${SPEC_TAG}`, /reserved/],
  ];
  it.each(cases)("refuses %s, naming the field", (_, patch, field, message) => {
    const problems = validate({ ...spec, ...patch }, coordinates);
    expect(problems).toContainEqual({ field, message: expect.stringMatching(message) });
  });

  it("refuses minimum above maximum instances", () => {
    expect(validate({ ...spec, minInstances: 2, maxInstances: 1 }, coordinates).map((p) => p.message)).toContain("Minimum instances cannot exceed maximum instances");
  });

  const coordinateCases: [string, Partial<AzureCoordinates & { subnetId: string }>, string][] = [
    ["a subscription that is no GUID", { subscriptionId: "my-subscription" }, "coordinates.subscriptionId"],
    ["a resource group ending with a period", { resourceGroup: "apps." }, "coordinates.resourceGroup"],
    ["a display name for a region", { region: "West Europe" }, "coordinates.region"],
    ["a subnet that is no subnet id", { subnetId: "aci-subnet" }, "coordinates.subnetId"],
  ];
  it.each(coordinateCases)("refuses a target with %s", (_, patch, field) => {
    expect(validate(spec, { ...coordinates, ...patch }).map((p) => p.field)).toContain(field);
  });

  it("refuses a target of another cloud", () => {
    const aws: TargetCoordinates = { kind: "aws-ecs", region: "eu-west-1", cluster: "c", subnets: [], securityGroups: [], executionRoleArn: "arn" };
    expect(validate(spec, aws)).toEqual([{ field: "coordinates.kind", message: expect.stringMatching(/aws-ecs/) }]);
  });
});

describe("plan", () => {
  const request = () => plan(spec, coordinates).requests[0];

  it("is one create-or-update of a container group named after the spec, in the target's resource group", () => {
    const result = plan(spec, coordinates);
    expect(result.kind).toBe("azure-aci");
    expect(result.requests).toHaveLength(1);
    expect(request()).toMatchObject({ operation: "containerGroups.beginCreateOrUpdate", resourceGroupName: "prod-apps", containerGroupName: "web-3f9a2c" });
  });

  it("asks for one hardened Linux container with the spec's image, size, port, env and health checks", () => {
    const { body } = request();
    expect(body).toMatchObject({ location: "westeurope", osType: "Linux", restartPolicy: "Always" });
    expect(body.containers).toHaveLength(1);
    const [container] = body.containers;
    expect(container).toMatchObject({
      image: spec.image,
      ports: [{ port: 8080, protocol: "TCP" }],
      resources: { requests: { cpu: 0.5, memoryInGB: 1 } },
      readinessProbe: { httpGet: { path: "/healthz", port: 8080, scheme: "http" } },
      livenessProbe: { httpGet: { path: "/healthz", port: 8080, scheme: "http" } },
    });
    // The standard SKU accepts only the privileged flag (SecurityContextNotSupported for anything else).
    expect(container.securityContext).toEqual({ privileged: false });
    expect(body.sku).toBeUndefined();
    // Sorted, so the same env always makes the same request.
    expect(container.environmentVariables).toEqual([
      { name: "ALPHA", value: "first" },
      { name: "ZETA", value: "last" },
    ]);
  });

  it("gives public ingress a public IP with a tenant-scoped DNS name, and says there is no managed TLS", () => {
    const { body, notes } = request();
    expect(body.ipAddress).toEqual({ type: "Public", ports: [{ port: 8080, protocol: "TCP" }], dnsNameLabel: "web-3f9a2c", autoGeneratedDomainNameLabelScope: "TenantReuse" });
    expect(body.subnetIds).toBeUndefined();
    expect(notes.join(" ")).toMatch(/no managed TLS/);
  });

  it("places internal ingress in the target's VNet subnet, read back before apply, with a private IP and no DNS label", () => {
    const subnetId = "/subscriptions/00000000-0000-4000-8000-000000000000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/core/subnets/apps";
    const result = plan({ ...spec, ingress: "internal" }, { ...coordinates, subnetId });
    const [named] = result.requests;
    expect(named.body.ipAddress).toEqual({ type: "Private", ports: [{ port: 8080, protocol: "TCP" }] });
    expect(named.body.subnetIds).toEqual([{ id: subnetId }]);
    expect(named.notes.join(" ")).toMatch(/delegated to Microsoft\.ContainerInstance\/containerGroups/);
    expect(result.checks).toEqual([{ operation: "subnets.get", reads: expect.stringContaining(subnetId), requires: expect.stringMatching(/delegated to Microsoft\.ContainerInstance\/containerGroups/) }]);
  });

  it("refuses an internal app on a target that declares no subnet, naming the target field (no conventional subnet nobody creates)", () => {
    expect(validate({ ...spec, ingress: "internal" }, coordinates)).toContainEqual({ field: "coordinates.subnetId", message: expect.stringMatching(/declares none/) });
  });

  it("refuses a subnet of another subscription, which Azure would not place a group in", () => {
    const foreign = "/subscriptions/11111111-0000-4000-8000-000000000000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/core/subnets/apps";
    expect(validate({ ...spec, ingress: "internal" }, { ...coordinates, subnetId: foreign })).toContainEqual({ field: "coordinates.subnetId", message: expect.stringMatching(/same subscription|target's subscription/) });
  });

  it("runs a confidential-compute placement on the Confidential SKU, the only one that takes the whole securityContext", () => {
    const { body, notes } = plan({ ...spec, policy: { confidentialCompute: true } }, coordinates).requests[0];
    expect(body).toMatchObject({ sku: "Confidential", confidentialComputeProperties: { ccePolicy: ALLOW_ALL_CCE_POLICY } });
    expect(body.containers[0].securityContext).toEqual({ runAsUser: 65532, runAsGroup: 65532, privileged: false, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
    expect(notes.join(" ")).toMatch(/Confidential SKU/);
  });

  it("tags the group with the labels and a fingerprint that changes with the request and only with it", () => {
    const tags = request().body.tags!;
    expect(tags).toMatchObject(spec.labels);
    expect(tags[SPEC_TAG]).toMatch(/^[0-9a-f]{32}$/);
    const reordered = plan({ ...spec, env: { ALPHA: "first", ZETA: "last" } }, coordinates).requests[0].body.tags![SPEC_TAG];
    expect(reordered).toBe(tags[SPEC_TAG]);
    const newImage = plan({ ...spec, image: `registry.example.com/team/web@sha256:${"b".repeat(64)}` }, coordinates).requests[0].body.tags![SPEC_TAG];
    expect(newImage).not.toBe(tags[SPEC_TAG]);
  });

  it("is plain data: it survives a JSON round trip (revisions store it)", () => {
    const result = plan(spec, coordinates);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });
});
