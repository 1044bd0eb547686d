// A spec's secrets on AWS, pure: where each lives in Secrets Manager, the version id every apply of the same
// secret version uses, the requests apply sends (the preview shows a placeholder where the value goes), and
// how the task definition points at exactly that version.
//
// One Secrets Manager secret per app resource and secret name, `bulkhead/<cluster>/<resource>/<NAME>`: the
// cluster is in the name because an app's resource name is the same on every target, and two ECS targets may
// share an account and Region. Each Bulkhead version is one Secrets Manager version whose ClientRequestToken
// (hence VersionId) is derived from (secret name, version, fingerprint): a retried apply sends the same token
// with the same value, which Secrets Manager ignores, so it never makes a second version.
import { createHash } from "node:crypto";
import type { CreateSecretCommandInput, PutSecretValueCommandInput, Tag, TagResourceCommandInput } from "@aws-sdk/client-secrets-manager";
import { secretField, secretPlaceholder, secretReferenceProblems, secretsOf } from "../secrets";
import type { DeploymentSpec, PlannedRequest, SecretReference, SpecProblem } from "../types";
import type { AwsCoordinates } from "./target-schema";
import { clusterNameOf, ownerTags } from "./resource-tags";

export const SECRET_TAG = "bulkhead-secret";
export const VERSION_TAG = "bulkhead-version";

/** CreateSecret Name: 1–512 characters, ASCII letters, digits and /_+=.@- (Secrets Manager API reference). */
const SECRET_NAME_MAX = 512;
/**
 * What a variable name may hold to end a secret name: those characters without "/" (it would reach into another
 * path) and without "=" (no environment variable name has one).
 */
const NAME_PART = /^[A-Za-z0-9_+.@-]+$/;
/** SecretString: at most 65,536 bytes ("Secret value size", Secrets Manager quotas). */
export const SECRET_VALUE_MAX_BYTES = 65_536;

/** Every secret of one app resource on one cluster starts with this; destroy lists them by it. */
export const secretPrefixOf = (resource: string, c: AwsCoordinates) => `bulkhead/${clusterNameOf(c)}/${resource}/`;

export const secretNameOf = (resource: string, c: AwsCoordinates, ref: Pick<SecretReference, "name">) => `${secretPrefixOf(resource, c)}${ref.name}`;

/**
 * The ClientRequestToken, which becomes the version's VersionId: a UUID-shaped digest (36 characters; Secrets
 * Manager takes 32–64) of the secret name, Bulkhead's version and the fingerprint.
 */
export function versionIdOf(resource: string, c: AwsCoordinates, ref: SecretReference): string {
  const hex = createHash("sha256").update(`${secretNameOf(resource, c, ref)}\n${ref.version}\n${ref.fingerprint}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * ECS's reference to one version of a secret: `<secret ARN>:<json-key>:<version-stage>:<version-id>`, here the
 * whole value (no JSON key) pinned by version id, so a task started later never picks up another version.
 */
export const valueFromOf = (secretArn: string, versionId: string) => `${secretArn}:::${versionId}`;

/** The preview's valueFrom: the ARN (with its random suffix) is known only once Secrets Manager answers. */
export const previewValueFrom = (spec: DeploymentSpec, c: AwsCoordinates, ref: SecretReference) =>
  valueFromOf(`(ARN of secret ${secretNameOf(spec.name, c, ref)}, read back at apply)`, versionIdOf(spec.name, c, ref));

/** A valueFrom as long as a real one can be, for the 64 KiB task definition check. */
export const sizingValueFrom = (spec: DeploymentSpec, c: AwsCoordinates, ref: SecretReference) =>
  valueFromOf(`arn:aws-iso-b:secretsmanager:${c.region}:123456789012:secret:${secretNameOf(spec.name, c, ref)}-AbCdEf`, versionIdOf(spec.name, c, ref));

export function secretTags(resource: string, c: AwsCoordinates, ref: SecretReference): Tag[] {
  return [...ownerTags(resource, c), { Key: SECRET_TAG, Value: ref.name }, { Key: VERSION_TAG, Value: String(ref.version) }];
}

export function createSecretRequest(spec: DeploymentSpec, c: AwsCoordinates, ref: SecretReference, value: string): CreateSecretCommandInput {
  return {
    Name: secretNameOf(spec.name, c, ref),
    Description: `${ref.name} of ${spec.name} on cluster ${clusterNameOf(c)}, delivered by Bulkhead`,
    SecretString: value,
    ClientRequestToken: versionIdOf(spec.name, c, ref),
    Tags: secretTags(spec.name, c, ref),
  };
}

/** A new version of an existing secret; without VersionStages it becomes AWSCURRENT. */
export function putSecretValueRequest(secretId: string, spec: DeploymentSpec, c: AwsCoordinates, ref: SecretReference, value: string): PutSecretValueCommandInput {
  return { SecretId: secretId, SecretString: value, ClientRequestToken: versionIdOf(spec.name, c, ref) };
}

export function versionTagRequest(secretId: string, ref: SecretReference): TagResourceCommandInput {
  return { SecretId: secretId, Tags: [{ Key: VERSION_TAG, Value: String(ref.version) }] };
}

/** The preview of what apply sends to Secrets Manager, before the task definition: a placeholder, never a value. */
export function secretRequests(spec: DeploymentSpec, c: AwsCoordinates): PlannedRequest[] {
  return secretsOf(spec).flatMap((ref) => {
    const name = secretNameOf(spec.name, c, ref);
    const placeholder = secretPlaceholder(ref);
    return [
      { operation: "SecretsManager.CreateSecret", body: createSecretRequest(spec, c, ref, placeholder) },
      { operation: "SecretsManager.PutSecretValue (sent instead when the secret exists)", body: putSecretValueRequest(name, spec, c, ref, placeholder) },
      { operation: "SecretsManager.TagResource (with PutSecretValue)", body: versionTagRequest(name, ref) },
    ];
  });
}

/** The task definition's `secrets`: each variable from its pinned version. */
export function containerSecrets(spec: DeploymentSpec, valueFrom: (ref: SecretReference) => string) {
  return secretsOf(spec).map((ref) => ({ name: ref.name, valueFrom: valueFrom(ref) }));
}

/** The rules for secrets on ECS and Secrets Manager, naming the field `secrets.<NAME>`. */
export function secretProblems(spec: DeploymentSpec, c: AwsCoordinates): SpecProblem[] {
  const problems = secretReferenceProblems(spec);
  for (const ref of spec.secrets ?? []) {
    const field = secretField(ref);
    if (!NAME_PART.test(ref.name)) {
      problems.push({ field, message: `The secret ${ref.name} names a Secrets Manager secret, so its name may contain only letters, digits and _ + . @ -` });
    } else if (secretNameOf(spec.name, c, ref).length > SECRET_NAME_MAX) {
      problems.push({ field, message: `The Secrets Manager name ${secretNameOf(spec.name, c, ref)} would be longer than ${SECRET_NAME_MAX} characters` });
    }
  }
  return problems;
}
