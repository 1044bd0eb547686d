// A spec's secrets into AWS Secrets Manager through the official SDK, and out again on destroy. Values pass
// through here and nowhere else: they go into CreateSecret/PutSecretValue requests and never into an error.
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  type DescribeSecretCommandOutput,
  DescribeSecretCommand,
  paginateListSecrets,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  RestoreSecretCommand,
  type SecretsManagerClient,
  TagResourceCommand,
} from "@aws-sdk/client-secrets-manager";
import { ProviderError } from "../errors";
import { secretField, secretsOf } from "../secrets";
import type { DeploymentSpec, SecretReference, SecretValues } from "../types";
import type { AwsCoordinates } from "./target-schema";
import type { ErrorContext } from "./map-error";
import { mapError } from "./map-error";
import { ownedBy } from "./resource-tags";
import { createSecretRequest, putSecretValueRequest, SECRET_VALUE_MAX_BYTES, secretNameOf, secretPrefixOf, valueFromOf, versionIdOf, versionTagRequest } from "./secrets";

/** Too big for Secrets Manager: refused before any call, naming the secret and not its value. */
export function oversizedSecret(spec: DeploymentSpec, values: SecretValues): ProviderError | undefined {
  const big = secretsOf(spec).find((ref) => Buffer.byteLength(values[ref.name], "utf8") > SECRET_VALUE_MAX_BYTES);
  return big && new ProviderError("invalid", `The value of secret ${big.name} is longer than the ${SECRET_VALUE_MAX_BYTES} bytes Secrets Manager stores`, secretField(big));
}

async function describe(client: SecretsManagerClient, name: string): Promise<DescribeSecretCommandOutput | undefined> {
  try {
    return await client.send(new DescribeSecretCommand({ SecretId: name }));
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

/**
 * Makes sure Secrets Manager holds this version of one secret and returns the ECS valueFrom pinned to it.
 * First time: CreateSecret with the value (a concurrent duplicate of this apply sends the same token and value,
 * which Secrets Manager answers with the same secret). After that: PutSecretValue with the version's token,
 * which is ignored when that version exists already, and the version tag. The ARN comes from CreateSecret's
 * or DescribeSecret's answer.
 */
async function storeOne(client: SecretsManagerClient, spec: DeploymentSpec, c: AwsCoordinates, ref: SecretReference, value: string): Promise<string> {
  const name = secretNameOf(spec.name, c, ref);
  const versionId = versionIdOf(spec.name, c, ref);
  let found = await describe(client, name);
  if (!found) {
    try {
      const created = await client.send(new CreateSecretCommand(createSecretRequest(spec, c, ref, value)));
      return valueFromOf(created.ARN!, versionId);
    } catch (error) {
      // Created meanwhile under another token (another revision's apply): add this version to it.
      if (!(error instanceof ResourceExistsException)) throw error;
      found = await describe(client, name);
      if (!found) throw error;
    }
  }
  if (!ownedBy(found.Tags, spec.name, c)) {
    throw new ProviderError("conflict", `Secrets Manager already holds a secret named ${name} that Bulkhead did not make for ${spec.name} on this cluster; it is left alone`, secretField(ref));
  }
  // Deleted with a recovery window (by hand: Bulkhead deletes without one): bring it back rather than fail.
  if (found.DeletedDate) await client.send(new RestoreSecretCommand({ SecretId: found.ARN }));
  await client.send(new PutSecretValueCommand(putSecretValueRequest(found.ARN!, spec, c, ref, value)));
  await client.send(new TagResourceCommand(versionTagRequest(found.ARN!, ref)));
  return valueFromOf(found.ARN!, versionId);
}

/** Stores every secret of the spec; by name, the valueFrom of its version. Errors name the secret, never a value. */
export async function storeSecrets(client: SecretsManagerClient, errors: ErrorContext, spec: DeploymentSpec, c: AwsCoordinates, values: SecretValues): Promise<Map<string, string>> {
  const valueFroms = new Map<string, string>();
  for (const ref of secretsOf(spec)) {
    try {
      valueFroms.set(ref.name, await storeOne(client, spec, c, ref, values[ref.name]));
    } catch (error) {
      const mapped = mapError(error, errors);
      throw new ProviderError(mapped.kind, `Storing secret ${ref.name} (version ${ref.version}): ${mapped.message}`, mapped.field ?? secretField(ref));
    }
  }
  return valueFroms;
}

/**
 * Deletes, without a recovery window, every secret apply made for this resource on this cluster: listed by
 * name prefix (including those scheduled for deletion) and kept only when their tags say they are ours.
 * A secret already gone is fine.
 */
export async function deleteSecrets(client: SecretsManagerClient, resource: string, c: AwsCoordinates): Promise<void> {
  const prefix = secretPrefixOf(resource, c);
  for await (const page of paginateListSecrets({ client }, { Filters: [{ Key: "name", Values: [prefix] }], IncludePlannedDeletion: true })) {
    for (const secret of page.SecretList ?? []) {
      if (!secret.Name?.startsWith(prefix) || !ownedBy(secret.Tags, resource, c)) continue;
      try {
        await client.send(new DeleteSecretCommand({ SecretId: secret.ARN, ForceDeleteWithoutRecovery: true }));
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
      }
    }
  }
}
