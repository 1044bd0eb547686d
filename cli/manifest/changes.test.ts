import { describe, expect, it } from "vitest";
import type { Manifest } from "@/server/manifest/schema";
import type { Schemas } from "../lib/api";
import { planChanges } from "./changes";
import type { State } from "./state";

// planChanges is pure: the file and what the API says runs now in, the changes out.

const image = `registry.example.com/shop@sha256:${"a".repeat(64)}`;
const settings = { image, cpu: 0.5, memoryMiB: 1024, port: 8080, env: { GREETING: "hello" } as Record<string, string>, minInstances: 1, maxInstances: 2, ingress: "public" as const, healthCheckPath: "/healthz" };

function manifest(overrides: Partial<Manifest["apps"][number]> = {}): Manifest {
  return {
    version: 1,
    team: "storefront",
    apps: [{ name: "shop", description: "", classification: "internal", baseImage: { name: "UBI", version: "9.4" }, secrets: [], links: [], deployments: [{ target: "aws", ...settings }], ...overrides }],
  };
}

const baseImage = { id: "img-1", name: "UBI", version: "9.4" } as Schemas["BaseImage"];
const target = { id: "tgt-1", name: "aws" } as Schemas["Target"];
const app = { id: "app-1", name: "shop", description: "", classification: "internal", baseImage: { id: "img-1", name: "UBI", version: "9.4" } } as Schemas["App"];
const deployment = (status: Schemas["DeploymentSummary"]["status"]) => ({ id: "dep-1", status, target: { id: "tgt-1", name: "aws", kind: "aws-ecs" } }) as Schemas["DeploymentSummary"];

function state(options: { app?: boolean; status?: Schemas["DeploymentSummary"]["status"]; running?: typeof settings; secrets?: string[]; links?: Schemas["Link"][] } = {}): State {
  const apps = new Map(options.app === false ? [] : [["shop", app]]);
  const details = new Map(
    options.app === false
      ? []
      : [["shop", { app, deployments: options.status ? [deployment(options.status)] : [], settings: new Map(options.status ? [["dep-1", options.running ?? settings]] : []), secretNames: new Set(options.secrets ?? []), outbound: options.links ?? [] }]],
  );
  return { team: { id: "team-1", slug: "storefront", name: "Storefront" }, baseImages: [baseImage], targets: [target], apps, details };
}

describe("planChanges", () => {
  it("finds nothing to do when what runs is what the file says", () => {
    expect(planChanges(manifest(), state({ status: "running" }))).toEqual({ changes: [], blockers: [], held: [], notes: [] });
  });

  it("creates a missing app and deploys it", () => {
    const plan = planChanges(manifest(), state({ app: false }));
    expect(plan.changes.map((c) => c.kind)).toEqual(["create-app", "deploy"]);
    expect(plan.changes[0]).toMatchObject({ input: { teamId: "team-1", name: "shop", baseImageId: "img-1" } });
    expect(plan.changes[1]).toMatchObject({ why: "new", targetId: "tgt-1", settings });
  });

  it("lists exactly the settings that changed", () => {
    const plan = planChanges(manifest(), state({ status: "running", running: { ...settings, maxInstances: 1, env: { GREETING: "hi" } } }));
    expect(plan.changes).toEqual([expect.objectContaining({ kind: "deploy", why: "changed", fields: [{ field: "env", from: { GREETING: "hi" }, to: { GREETING: "hello" } }, { field: "maxInstances", from: 1, to: 2 }] })]);
  });

  it("compares variables whatever their order", () => {
    const file = manifest({ deployments: [{ target: "aws", ...settings, env: { A: "1", B: "2" } }] });
    expect(planChanges(file, state({ status: "running", running: { ...settings, env: { B: "2", A: "1" } } })).changes).toEqual([]);
  });

  it("updates only the app fields that differ", () => {
    const plan = planChanges(manifest({ description: "The shop" }), state({ status: "running" }));
    expect(plan.changes).toEqual([expect.objectContaining({ kind: "update-app", fields: [{ field: "description", from: "", to: "The shop" }], input: { description: "The shop" } })]);
  });

  it("deploys a destroyed deployment again, and leaves a failed one with the same settings for `bulkhead deploy`", () => {
    expect(planChanges(manifest(), state({ status: "destroyed" })).changes).toEqual([expect.objectContaining({ kind: "deploy", why: "destroyed" })]);
    const failed = planChanges(manifest(), state({ status: "failed" }));
    expect(failed.changes).toEqual([]);
    expect(failed.notes).toEqual([expect.stringContaining("failed with these settings")]);
  });

  it("holds a deployment while a secret it names is not set, saying which", () => {
    const plan = planChanges(manifest({ secrets: ["DB_PASSWORD", "API_KEY"] }), state({ status: "destroyed", secrets: ["API_KEY"] }));
    expect(plan.changes).toEqual([]);
    expect(plan.held).toEqual([{ app: "shop", target: "aws", missingSecrets: ["DB_PASSWORD"] }]);
  });

  it("blocks on a target or base image that does not exist", () => {
    const plan = planChanges(manifest({ baseImage: { name: "UBI", version: "10" } }), state());
    expect(plan.blockers).toEqual([{ where: "shop", message: "no base image UBI 10 in the catalog" }]);
    const noTarget = planChanges(manifest({ deployments: [{ target: "mars", ...settings }] }), state());
    expect(noTarget.blockers).toEqual([{ where: "shop on mars", message: "no target named mars (targets: aws)" }]);
  });

  it("requests a link unless one is requested or approved already; never touches what the file does not name", () => {
    const file = manifest({ links: [{ to: "11111111-2222-4333-8444-555555555555", port: 8443, reason: "pay" }] });
    expect(planChanges(file, state({ status: "running" })).changes).toEqual([{ kind: "request-link", app: "shop", to: "11111111-2222-4333-8444-555555555555", port: 8443, reason: "pay" }]);
    const link = { to: { id: "11111111-2222-4333-8444-555555555555", name: "payments", team: "payments" }, port: 8443, status: "requested" } as Schemas["Link"];
    expect(planChanges(file, state({ status: "running", links: [link] })).changes).toEqual([]);
    const elsewhere = { ...deployment("running"), id: "dep-2", target: { id: "tgt-2", name: "gcp", kind: "gcp-cloud-run" } };
    const extra = state({ status: "running" });
    extra.details.get("shop")!.deployments.push(elsewhere);
    expect(planChanges(manifest(), extra)).toMatchObject({ changes: [], notes: ["shop also runs on gcp, which the file does not name: left alone"] });
  });
});
