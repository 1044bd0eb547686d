import { parseColumn } from "@/server/db/json-column";
import type { DeploymentSpec, ProviderPlan, ResourceRef } from "@/providers/types";
import type { PolicyDecision } from "@/server/policy/evaluate";
import { deploymentSpecView, policyDecisionView, providerPlanView, resourceRefView } from "./views";

// The deployments' JSON columns, parsed where they leave the database with the schemas that describe them
// (./views.ts); a row that does not fit throws, naming the deployment, the revision and the column.

type RevisionKey = { deploymentId: string; number: number };
const revisionId = ({ deploymentId, number }: RevisionKey) => `${deploymentId} revision ${number}`;

export const storedSpec = (spec: unknown, revision: RevisionKey): DeploymentSpec =>
  parseColumn(deploymentSpecView, spec, { model: "DeploymentRevision", id: revisionId(revision), field: "spec" });

export const storedPlan = (plan: unknown, revision: RevisionKey): ProviderPlan =>
  parseColumn(providerPlanView, plan, { model: "DeploymentRevision", id: revisionId(revision), field: "plan" });

export const storedDecision = (decision: unknown, revision: RevisionKey): PolicyDecision | null =>
  decision === null ? null : parseColumn(policyDecisionView, decision, { model: "DeploymentRevision", id: revisionId(revision), field: "decision" });

/** The cloud resource a deployment's apply made; null before the first apply answered. */
export const storedResourceRef = (deployment: { id: string; resourceRef: unknown }): ResourceRef | null =>
  deployment.resourceRef === null ? null : parseColumn(resourceRefView, deployment.resourceRef, { model: "Deployment", id: deployment.id, field: "resourceRef" });
