// An app's own service account on a target, pure: the IAM request apply sends, and how apply recognises the account
// as the one it made (service accounts carry no labels, so the description says whose it is).
import type { DeploymentSpec, PlannedRequest } from "../types";
import type { GcpCoordinates } from "./target-schema";
import { OPERATIONS } from "./operations";
import { accountIdOf } from "./policy-enforcement";

/** The marker apply writes in the description and checks before it adopts or deletes an account. */
export const ownerMarker = (name: string, c: GcpCoordinates) => `bulkhead_resource=${name} bulkhead_region=${c.region}`;

/** projects.serviceAccounts.create's body (displayName at most 100 bytes, description at most 256). */
export function createAccountRequest(name: string, c: GcpCoordinates) {
  return {
    accountId: accountIdOf(name, c),
    serviceAccount: {
      displayName: `Bulkhead ${name} (${c.region})`,
      description: `The identity Bulkhead's app ${name} runs as in ${c.region}; deleted when the app is destroyed there. ${ownerMarker(name, c)}`,
    },
  };
}

/** Whether the app runs as its own account: under policy (links) and with secrets (their accessor binding names it). */
export const ownsAccount = (spec: DeploymentSpec) => !!spec.policy || !!spec.secrets?.length;

export function accountRequests(spec: DeploymentSpec, c: GcpCoordinates): PlannedRequest[] {
  return ownsAccount(spec) ? [{ operation: OPERATIONS.createServiceAccount, body: { name: `projects/${c.projectId}`, ...createAccountRequest(spec.name, c) } }] : [];
}
