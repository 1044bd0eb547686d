import { describe, expect, it } from "vitest";
import { CliError } from "../lib/exit";
import { parseManifest } from "./load";

const DIGEST = `registry.example.com/shop@sha256:${"a".repeat(64)}`;
const valid = `version: 1
team: storefront
apps:
  - name: shop
    classification: internal
    baseImage: { name: UBI, version: "9.4" }
    secrets: [DB_PASSWORD]
    deployments:
      - target: sandbox-aws-ecs
        image: ${DIGEST}
        cpu: 0.5
        memoryMiB: 1024
        port: 8080
        minInstances: 1
        maxInstances: 2
        ingress: public
        healthCheckPath: /healthz
`;

function refusal(text: string): CliError {
  try {
    parseManifest(text, "bulkhead.yaml");
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("bulkhead.yaml", () => {
  it("reads a valid file, filling the defaults", () => {
    const manifest = parseManifest(valid, "bulkhead.yaml");
    expect(manifest.apps[0]).toMatchObject({ name: "shop", description: "", links: [], secrets: ["DB_PASSWORD"] });
    expect(manifest.apps[0].deployments[0]).toMatchObject({ target: "sandbox-aws-ecs", env: {}, maxInstances: 2 });
  });

  it("names the line and field of each problem, with the API's own messages (exit 2)", () => {
    const error = refusal(valid.replace(DIGEST, "registry.example.com/shop:latest").replace("maxInstances: 2", "maxInstances: 0"));
    expect(error.code).toBe(2);
    expect(error.lines).toEqual([
      expect.stringMatching(/^bulkhead\.yaml:10: apps\.0\.deployments\.0\.image: Pin the image by digest/),
      "bulkhead.yaml:15: apps.0.deployments.0.maxInstances: Maximum instances must be at least 1",
      "bulkhead.yaml:14: apps.0.deployments.0.minInstances: Minimum instances cannot exceed maximum instances",
    ]);
  });

  it("refuses a misspelt key rather than ignoring it", () => {
    const error = refusal(valid.replace("minInstances: 1", "minInstance: 1"));
    expect(error.lines.join("\n")).toMatch(/bulkhead\.yaml:\d+: apps\.0\.deployments\.0: Unrecognized key: "minInstance"/);
  });

  it("refuses a target named twice for one app, an app declared twice, and a link to an app it does not know", () => {
    const twice = valid.replace("    deployments:\n", `    links: [{ to: nowhere, port: 80 }]\n    deployments:\n      - { target: sandbox-aws-ecs, image: "${DIGEST}", cpu: 1, memoryMiB: 2048, port: 80, minInstances: 1, maxInstances: 1, ingress: internal, healthCheckPath: / }\n`);
    const lines = refusal(twice + valid.split("apps:\n")[1]).lines.join("\n");
    expect(lines).toContain("sandbox-aws-ecs is named twice");
    expect(lines).toContain("shop is declared twice");
    expect(lines).toContain("nowhere is not an app of this file");
  });

  it("names the line of a YAML syntax error", () => {
    const error = refusal("version: 1\nteam: [storefront\n");
    expect(error.message).toBe("bulkhead.yaml is not valid YAML");
    expect(error.lines[0]).toMatch(/^bulkhead\.yaml:\d+: /);
  });
});
