/// <reference types="vite/client" />
// The cross-provider policy tests' cases, one file per provider (providers/<kind>/policy-cases.ts), found by name with
// Vite's import.meta.glob under Vitest: a new provider brings its cases in its own folder, and the tests fail, naming it,
// until it does (../policy.test.ts checks every registered kind has them).
import type fc from "fast-check";
import type { DeploymentSpec, EncryptionSetting, ProviderPlan, SpecProblem, TargetCoordinates } from "../types";

/** What one setting gets on one kind of app and target: the construct that enforces it, or a refusal naming it. */
export type PolicyExpectation = { by: "request" | "target" | "inherent"; construct: RegExp; body?: RegExp } | { refused: RegExp };
/** [setting, the app's ingress, a bare or fully equipped target, what the plan does, the egress allow-list when not the default]. */
export type PolicyRow = [EncryptionSetting, "public" | "internal", "full" | "bare", PolicyExpectation, string[]?];

export interface PolicyCases {
  kind: string;
  validate(spec: DeploymentSpec, coordinates: TargetCoordinates): SpecProblem[];
  plan(spec: DeploymentSpec, coordinates: TargetCoordinates): ProviderPlan;
  /** A target with nothing beyond the required coordinates. */
  bare: TargetCoordinates;
  /** A target with every construct the provider can use (listeners, sidecars, VPCs, ingress classes…). */
  full: TargetCoordinates;
  /** Targets from bare to fully equipped, every optional coordinate drawn or not. */
  coordinates: fc.Arbitrary<TargetCoordinates>;
  /** Every encryption setting at least once, with at least one refusal. */
  rows: PolicyRow[];
}

const found = import.meta.glob<PolicyCases>("../*/policy-cases.ts", { eager: true, import: "policyCases" });

/** Every provider's cases, by kind. */
export const policyCases: ReadonlyMap<string, PolicyCases> = new Map(Object.values(found).map((cases) => [cases.kind, cases]));

/** One provider's cases; throws, naming the file to write, for a provider without. */
export function casesOf(kind: string): PolicyCases {
  const cases = policyCases.get(kind);
  if (!cases) throw new Error(`No policy cases for ${kind}: write providers/${kind}/policy-cases.ts`);
  return cases;
}
