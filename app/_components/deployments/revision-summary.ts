import type { DeploymentSpec } from "@/server/deployments/contract";

/** What a rollback to this revision brings back, in one paragraph for its confirmation. */
export function revisionSummary(number: number, spec: Pick<DeploymentSpec, "image" | "cpu" | "memoryMiB" | "port" | "minInstances" | "maxInstances" | "env" | "secrets">): string {
  const env = Object.keys(spec.env ?? {});
  const secrets = (spec.secrets ?? []).map((secret) => `${secret.name} v${secret.version}`);
  return [
    `A new revision is made with the settings of revision ${number}: image ${spec.image};`,
    `${spec.cpu} vCPU, ${spec.memoryMiB} MiB; ${spec.minInstances}–${spec.maxInstances} instances on port ${spec.port};`,
    `environment ${env.length ? env.join(", ") : "none"}; secrets ${secrets.length ? secrets.join(", ") : "none"}.`,
    "Policy judges it again before it runs.",
  ].join(" ");
}
