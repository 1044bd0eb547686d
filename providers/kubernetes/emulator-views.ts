// What tests read of the cluster (RunningEmulator's views): Deployments by `<namespace>/<name>`, the environment of
// each one's first container with `secretKeyRef`s resolved from the Secret as the kubelet resolves them
// (https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables), and the
// decoded Secret values by `<namespace>/<secret>/<key>`.
import { isObject } from "./emulator-fields";
import type { ObjectStore } from "./emulator-store";

const key = (namespace: string | undefined, name: string) => `${namespace}/${name}`;

export function deploymentNames(store: ObjectStore): string[] {
  return store.list("deployments").map((deployment) => key(deployment.metadata.namespace, deployment.metadata.name));
}

export function secretValues(store: ObjectStore): Record<string, string> {
  const values: Record<string, string> = {};
  for (const secret of store.list("secrets")) {
    for (const [field, encoded] of Object.entries(isObject(secret.data) ? secret.data : {})) {
      values[`${key(secret.metadata.namespace, secret.metadata.name)}/${field}`] = Buffer.from(String(encoded), "base64").toString("utf8");
    }
  }
  return values;
}

/** A container's environment as the kubelet gives it: plain values, and `secretKeyRef`s resolved from the Secret. */
export function environmentOf(store: ObjectStore, namespace: string | undefined, container: unknown): Record<string, string> {
  const secrets = secretValues(store);
  const environment: Record<string, string> = {};
  for (const variable of isObject(container) && Array.isArray(container.env) ? container.env : []) {
    if (!isObject(variable)) continue;
    const reference = isObject(variable.valueFrom) && isObject(variable.valueFrom.secretKeyRef) ? variable.valueFrom.secretKeyRef : undefined;
    const value = reference ? secrets[`${namespace}/${String(reference.name)}/${String(reference.key)}`] : variable.value;
    if (typeof value === "string") environment[String(variable.name)] = value;
  }
  return environment;
}

export function containerEnvironments(store: ObjectStore): Record<string, Record<string, string>> {
  const environments: Record<string, Record<string, string>> = {};
  for (const deployment of store.list("deployments")) {
    const namespace = deployment.metadata.namespace;
    const spec = isObject(deployment.spec) && isObject(deployment.spec.template) && isObject(deployment.spec.template.spec) ? deployment.spec.template.spec : {};
    const first = Array.isArray(spec.containers) ? spec.containers[0] : undefined;
    environments[key(namespace, deployment.metadata.name)] = environmentOf(store, namespace, first);
  }
  return environments;
}
