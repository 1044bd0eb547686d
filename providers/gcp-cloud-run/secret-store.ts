// A spec's secrets into Google Secret Manager through the official client, and out again on destroy. Values pass
// through here and nowhere else: into AddSecretVersion and a comparison with what version 1 holds, never into
// an error. The idempotency design is explained in secrets.ts.
import type { SecretManagerServiceClient } from "@google-cloud/secret-manager";
import { status as grpcStatus } from "@grpc/grpc-js";
import type { CallOptions } from "google-gax";
import { ProviderError } from "../errors";
import { secretField, secretsOf } from "../secrets";
import type { DeploymentSpec, SecretReference, SecretValues } from "../types";
import type { GcpCoordinates } from "./target-schema";
import { crc32c } from "./crc32c";
import { grpcCode } from "./map-error";
import { accessorPolicyRequest, addVersionRequest, createSecretRequest, ONLY_VERSION, PAYLOAD_MAX_BYTES, secretNameOf, secretsFilterOf } from "./secrets";

/** Too big for Secret Manager: refused before any call, naming the secret and not its value. */
export function oversizedSecret(spec: DeploymentSpec, values: SecretValues): ProviderError | undefined {
  const big = secretsOf(spec).find((ref) => Buffer.byteLength(values[ref.name], "utf8") > PAYLOAD_MAX_BYTES);
  return big && new ProviderError("invalid", `The value of secret ${big.name} is larger than the 64 KiB a Secret Manager version holds`, secretField(big));
}

const ignoring = async (code: number, work: () => Promise<unknown>) => {
  try {
    await work();
  } catch (error) {
    if (grpcCode(error) !== code) throw error;
  }
};

/**
 * Makes sure the secret of this Bulkhead version exists, holds exactly this value as its version 1, and may be
 * read by the service's account.
 */
async function storeOne(client: SecretManagerServiceClient, call: CallOptions, spec: DeploymentSpec, c: GcpCoordinates, ref: SecretReference, value: string): Promise<void> {
  const name = secretNameOf(spec.name, c, ref);
  const first = `${name}/versions/${ONLY_VERSION}`;
  const data = Buffer.from(value, "utf8");
  // A retried or concurrent apply finds the secret there already: done, as long as its version 1 is right.
  await ignoring(grpcStatus.ALREADY_EXISTS, () => client.createSecret(createSecretRequest(spec, c, ref), call));
  const exists = await client.getSecretVersion({ name: first }, call).then(
    () => true,
    (error: unknown) => {
      if (grpcCode(error) === grpcStatus.NOT_FOUND) return false;
      throw error;
    },
  );
  if (!exists) await client.addSecretVersion(addVersionRequest(spec, c, ref, data, crc32c(data)), call);
  // Any version but 1 is surplus: a concurrent duplicate, a retry after a lost answer, or an earlier attempt's
  // AddSecretVersion that reached Secret Manager only after its caller gave up. Destroyed, so the secret holds one
  // value only; one landing later still is destroyed by the next apply.
  const [versions] = await client.listSecretVersions({ parent: name }, call);
  for (const surplus of versions.filter((v) => v.name !== first && v.state !== "DESTROYED")) await client.destroySecretVersion({ name: surplus.name }, call);
  const [held] = await client.accessSecretVersion({ name: first }, call).catch((error: unknown) => {
    if (grpcCode(error) !== grpcStatus.FAILED_PRECONDITION) throw error;
    throw new ProviderError("conflict", `Version ${ONLY_VERSION} of ${name} is disabled or destroyed in Secret Manager; Bulkhead does not re-enable it. Rotate the secret to deliver a new version`, secretField(ref));
  });
  if (!Buffer.from(held.payload?.data ?? "").equals(data)) {
    throw new ProviderError("conflict", `Secret Manager's ${name} holds another value than secret ${ref.name} version ${ref.version} (fingerprint ${ref.fingerprint}); it is left alone`, secretField(ref));
  }
  await client.setIamPolicy(accessorPolicyRequest(spec, c, ref), call);
}

/** Stores every secret of the spec. `fail` turns a client error into a ProviderError naming the secret. */
export async function storeSecrets(
  client: SecretManagerServiceClient,
  call: CallOptions,
  spec: DeploymentSpec,
  c: GcpCoordinates,
  values: SecretValues,
  fail: (error: unknown, ref: SecretReference) => ProviderError,
): Promise<void> {
  for (const ref of secretsOf(spec)) {
    try {
      await storeOne(client, call, spec, c, ref, values[ref.name]);
    } catch (error) {
      throw fail(error, ref);
    }
  }
}

/** Deletes every secret apply made for this resource in this region (found by their labels); gone already is fine. */
export async function deleteSecrets(client: SecretManagerServiceClient, call: CallOptions, resource: string, c: GcpCoordinates): Promise<void> {
  const [secrets] = await client.listSecrets({ parent: `projects/${c.projectId}`, filter: secretsFilterOf(resource, c) }, call);
  for (const secret of secrets) await ignoring(grpcStatus.NOT_FOUND, () => client.deleteSecret({ name: secret.name }, call));
}
