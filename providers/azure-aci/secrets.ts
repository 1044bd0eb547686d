// A spec's secrets on Azure Container Instances, pure: each is a secure environment variable of the app
// container, `{ name, secureValue }`, which Azure keeps and never returns in a read ("Set environment variables
// in container instances", secure values). The plan carries a placeholder naming the secret, its version and
// fingerprint; apply puts the value in only in the request it sends.
import type { ContainerGroup, EnvironmentVariable } from "@azure/arm-containerinstance";
import { secretField, secretPlaceholder, secretReferenceProblems, secretsOf } from "@/providers/secrets";
import type { DeploymentSpec, SecretValues, SpecProblem } from "@/providers/types";
import { ENV_NAME } from "./rules";

/** The app container's secure variables as the plan shows them. */
export function secureVariables(spec: DeploymentSpec): EnvironmentVariable[] {
  return secretsOf(spec).map((ref) => ({ name: ref.name, secureValue: secretPlaceholder(ref) }));
}

/**
 * The request apply sends: the planned body with each secret's placeholder replaced by its value, in a copy
 * (the plan stays as it was). Only the named container's variables that are the spec's secrets change.
 */
export function withSecretValues(body: ContainerGroup, spec: DeploymentSpec, containerName: string, values: SecretValues): ContainerGroup {
  const secret = new Set(secretsOf(spec).map((ref) => ref.name));
  return {
    ...body,
    containers: body.containers.map((container) =>
      container.name !== containerName
        ? container
        : {
            ...container,
            environmentVariables: container.environmentVariables?.map((variable) => (secret.has(variable.name) ? { name: variable.name, secureValue: values[variable.name] } : variable)),
          },
    ),
  };
}

/**
 * Secret names follow Azure's rule for environment variable names. Azure documents no limit on how many a
 * container may have, so none is invented here.
 */
export function secretProblems(spec: DeploymentSpec): SpecProblem[] {
  const problems = secretReferenceProblems(spec);
  for (const ref of spec.secrets ?? []) {
    if (!ENV_NAME.test(ref.name)) problems.push({ field: secretField(ref), message: `Azure refuses the environment variable name "${ref.name}": it must start with a letter or "_" and contain only letters, digits and "_"` });
  }
  return problems;
}
