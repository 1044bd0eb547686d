import type { DeploymentSpec, SecretReference } from "@/providers/types";
import type { DeploymentSettings } from "./schemas";

/** Fixed per app, so every retry and redeploy addresses the same cloud resource; ≤ 47 characters. */
export function resourceNameFor(app: { id: string; name: string }): string {
  return `${app.name}-${app.id.replace(/-/g, "").slice(0, 6)}`;
}

/** The normalized spec handed to a provider adapter: secrets by reference only. Pure. */
export function buildSpec(app: { id: string; name: string; teamSlug: string }, settings: DeploymentSettings, revision: number, secrets: SecretReference[] = []): DeploymentSpec {
  return {
    name: resourceNameFor(app),
    image: settings.image,
    cpu: settings.cpu,
    memoryMiB: settings.memoryMiB,
    port: settings.port,
    env: settings.env,
    minInstances: settings.minInstances,
    maxInstances: settings.maxInstances,
    ingress: settings.ingress,
    healthCheckPath: settings.healthCheckPath,
    labels: { "bulkhead-app": app.id, "bulkhead-team": app.teamSlug, "bulkhead-revision": String(revision) },
    secrets,
  };
}

/** The settings a spec was made from (for rollback and scale, which start from a stored revision); secrets are not
 * settings: every revision takes the app's current ones. */
export function settingsOf(spec: DeploymentSpec): DeploymentSettings {
  const { image, cpu, memoryMiB, port, env, minInstances, maxInstances, ingress, healthCheckPath } = spec;
  return { image, cpu, memoryMiB, port, env, minInstances, maxInstances, ingress, healthCheckPath };
}
