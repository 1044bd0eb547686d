// A spec's secrets on Cloud Run, pure: the Secret Manager secret each version lives in, the requests apply sends
// (the preview shows a placeholder where the value goes), the IAM binding that lets the service's own account
// read it, and the `secretKeyRef` that points the container at it.
//
// Idempotency: AddSecretVersion has no request id, so a retried call can add a second version. Hence one Secret
// Manager secret per Bulkhead secret VERSION, `<resource>-<region>-<NAME>-v<version>`, which only ever holds
// version "1": a retried apply finds the secret (ALREADY_EXISTS) and its version 1 and adds nothing; any version
// beyond "1" (a lost answer, a concurrent duplicate, a late write) is destroyed again by every apply; and before the
// service is touched,
// version 1 is read back and must hold this very value. The region is in the id because an app's resource name
// is the same on every target, and secrets are per project while Cloud Run services are per region.
import type { protos as runProtos } from "@google-cloud/run";
import type { protos } from "@google-cloud/secret-manager";
import { secretField, secretPlaceholder, secretReferenceProblems, secretsOf } from "../secrets";
import type { DeploymentSpec, PlannedRequest, SecretReference, SpecProblem } from "../types";
import type { GcpCoordinates } from "./target-schema";
import { envNameProblem } from "./limits";
import { serviceAccountOf } from "./policy-enforcement";

type CreateSecretRequest = protos.google.cloud.secretmanager.v1.ICreateSecretRequest;
type AddSecretVersionRequest = protos.google.cloud.secretmanager.v1.IAddSecretVersionRequest;
type SetIamPolicyRequest = protos.google.iam.v1.ISetIamPolicyRequest;
type EnvVar = runProtos.google.cloud.run.v2.IEnvVar;

export const RESOURCE_LABEL = "bulkhead_resource";
export const REGION_LABEL = "bulkhead_region";
export const SECRET_LABEL = "bulkhead_secret";
export const VERSION_LABEL = "bulkhead_version";
/** The role Cloud Run's service account needs on a secret it reads ("Configure secrets for services"). */
export const ACCESSOR_ROLE = "roles/secretmanager.secretAccessor";
/** Each secret holds exactly one version, this one. */
export const ONLY_VERSION = "1";

/**
 * A variable's name ends a secret id (`[A-Za-z0-9_-]`, at most 255) and, in lower case, fills a label value
 * (at most 63 of `[a-z0-9_-]`): Secret Manager's CreateSecretRequest.secret_id and Secret.labels rules.
 */
const NAME_PART = /^[A-Za-z0-9_-]{1,63}$/;
const SECRET_ID_MAX = 255;
/** SecretPayload.data: "Must be no larger than 64KiB." */
export const PAYLOAD_MAX_BYTES = 64 * 1024;
/** "You can set a maximum of 1000 environment variables for a Cloud Run service" (Environment variables for services). */
const VARIABLES_MAX = 1000;

export const secretIdOf = (resource: string, c: GcpCoordinates, ref: SecretReference) => `${resource}-${c.region}-${ref.name}-v${ref.version}`;
export const secretNameOf = (resource: string, c: GcpCoordinates, ref: SecretReference) => `projects/${c.projectId}/secrets/${secretIdOf(resource, c, ref)}`;

/** Labels that let destroy find every secret of a resource in a region; label values are lower case. */
export function secretLabels(resource: string, c: GcpCoordinates, ref: SecretReference): Record<string, string> {
  return { [RESOURCE_LABEL]: resource, [REGION_LABEL]: c.region, [SECRET_LABEL]: ref.name.toLowerCase(), [VERSION_LABEL]: String(ref.version) };
}

/**
 * ListSecrets' filter for the secrets apply made for this resource in this region ("List-operation filtering":
 * label keys are plain identifiers, hence the underscores; values are quoted, as they hold hyphens).
 */
export const secretsFilterOf = (resource: string, c: GcpCoordinates) => `labels.${RESOURCE_LABEL}="${resource}" AND labels.${REGION_LABEL}="${c.region}"`;

export function createSecretRequest(spec: DeploymentSpec, c: GcpCoordinates, ref: SecretReference): CreateSecretRequest {
  return { parent: `projects/${c.projectId}`, secretId: secretIdOf(spec.name, c, ref), secret: { replication: { automatic: {} }, labels: secretLabels(spec.name, c, ref) } };
}

/** The version's payload, with its CRC32C so Secret Manager checks what it received. */
export function addVersionRequest(spec: DeploymentSpec, c: GcpCoordinates, ref: SecretReference, data: Buffer, checksum: number): AddSecretVersionRequest {
  return { parent: secretNameOf(spec.name, c, ref), payload: { data, dataCrc32c: checksum } };
}

/** Who may read the secret: the service's own account only (SetIamPolicy replaces the policy whole). */
export function accessorPolicyRequest(spec: DeploymentSpec, c: GcpCoordinates, ref: SecretReference): SetIamPolicyRequest {
  return { resource: secretNameOf(spec.name, c, ref), policy: { bindings: [{ role: ACCESSOR_ROLE, members: [`serviceAccount:${serviceAccountOf(spec.name, c)}`] }] } };
}

/** The container's variables read from Secret Manager, each pinned to its secret's only version. */
export function secretVariables(spec: DeploymentSpec, c: GcpCoordinates): EnvVar[] {
  return secretsOf(spec).map((ref) => ({ name: ref.name, valueSource: { secretKeyRef: { secret: secretIdOf(spec.name, c, ref), version: ONLY_VERSION } } }));
}

/** The preview of what apply sends to Secret Manager before the service: a placeholder, never a value. */
export function secretRequests(spec: DeploymentSpec, c: GcpCoordinates): PlannedRequest[] {
  return secretsOf(spec).flatMap((ref) => [
    { operation: "SecretManager.CreateSecret (ALREADY_EXISTS counts as done)", body: createSecretRequest(spec, c, ref) },
    {
      operation: `SecretManager.AddSecretVersion (only while the secret has no version ${ONLY_VERSION})`,
      body: { parent: secretNameOf(spec.name, c, ref), payload: { data: secretPlaceholder(ref), dataCrc32c: "(CRC32C of the value, computed at apply)" } },
    },
    { operation: "SecretManager.SetIamPolicy", body: accessorPolicyRequest(spec, c, ref) },
  ]);
}

/** Secret Manager's and Cloud Run's rules for secrets, naming the field `secrets.<NAME>` (or `secrets` for the count). */
export function secretProblems(spec: DeploymentSpec, c: GcpCoordinates): SpecProblem[] {
  const problems = secretReferenceProblems(spec);
  for (const ref of spec.secrets ?? []) {
    const field = secretField(ref);
    const reserved = envNameProblem(ref.name);
    if (reserved) problems.push({ field, message: `Environment variable: ${reserved}` });
    else if (!NAME_PART.test(ref.name)) problems.push({ field, message: `The secret ${ref.name} names a Secret Manager secret and label, so it may have only 1–63 letters, digits, "_" and "-"` });
    else if (secretIdOf(spec.name, c, ref).length > SECRET_ID_MAX) problems.push({ field, message: `The Secret Manager id ${secretIdOf(spec.name, c, ref)} would be longer than ${SECRET_ID_MAX} characters` });
  }
  const count = Object.keys(spec.env).length + (spec.secrets?.length ?? 0);
  if (count > VARIABLES_MAX) problems.push({ field: "secrets", message: `Cloud Run sets at most ${VARIABLES_MAX} environment variables for a service; the environment and the secrets make ${count}` });
  return problems;
}
