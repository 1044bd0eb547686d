// Pod Security admission (https://kubernetes.io/docs/concepts/security/pod-security-admission/): a namespace's
// `pod-security.kubernetes.io/enforce` level (baseline or restricted) refuses pods that violate it (403, "violates
// PodSecurity"), its `warn` level admits them with a Warning header; workloads that template such pods are admitted
// with a Warning ("would violate PodSecurity") for either level, and their pods then fail to be created.
import { validate as validatePodSpec } from "kubernetes-models/_schemas/IoK8sApiCoreV1PodSpec";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { JsonObject } from "./emulator-fields";
import { describePodSecurityViolations, podSecurityViolations } from "./emulator-pod-security";
import { refuse, type StatusError } from "./emulator-status";

export type PodSecurityLevel = "baseline" | "restricted";

/**
 * The violations of a pod spec against a level, joined as the API server joins them ("reason (detail), …"), or
 * undefined when it complies. The default is emulator-pod-security.ts's judge; options.podSecurity may replace it.
 */
export type PodSecurityJudge = (podSpec: JsonObject, level: PodSecurityLevel, annotations?: Record<string, string>) => string | undefined;

/** Objects reach admission after schema validation, so this narrows rather than refuses. */
const isPodSpec = (value: unknown): value is IPodSpec => validatePodSpec(value);

export const standardsJudge: PodSecurityJudge = (podSpec, level, annotations) => {
  if (!isPodSpec(podSpec)) return undefined;
  const violations = podSecurityViolations(podSpec, { level, annotations });
  return violations.length > 0 ? describePodSecurityViolations(violations) : undefined;
};

/** A namespace's level for a mode (`enforce`, `warn`); `privileged` or absent: none. */
export function levelOf(labels: Record<string, string> | undefined, mode: "enforce" | "warn"): PodSecurityLevel | undefined {
  const value = labels?.[`pod-security.kubernetes.io/${mode}`];
  return value === "baseline" || value === "restricted" ? value : undefined;
}

/** The enforce level's judgement of a pod spec, named as the messages name the policy. */
export function enforced(judge: PodSecurityJudge, labels: Record<string, string> | undefined, podSpec: JsonObject, annotations?: Record<string, string>): { policy: string; violations: string } | undefined {
  const level = levelOf(labels, "enforce");
  const violations = level && judge(podSpec, level, annotations);
  return level && violations ? { policy: `${level}:latest`, violations } : undefined;
}

/** The 403 a pod gets from the namespace's enforce level, or undefined when it is admitted. */
export function podRefusal(judge: PodSecurityJudge, labels: Record<string, string> | undefined, podName: string, podSpec: JsonObject, annotations?: Record<string, string>): StatusError | undefined {
  const refused = enforced(judge, labels, podSpec, annotations);
  if (!refused) return undefined;
  return refuse(403, "Forbidden", `pods "${podName}" is forbidden: violates PodSecurity "${refused.policy}": ${refused.violations}`, { name: podName, kind: "pods" });
}

/**
 * The Warning header (RFC 7234 warn-code 299) an admitted object gets: a workload for its enforce level, else its
 * warn level; a pod (already past enforce) for its warn level.
 */
export function admissionWarning(judge: PodSecurityJudge, labels: Record<string, string> | undefined, podSpec: JsonObject, workload: boolean, annotations?: Record<string, string>): string | undefined {
  const levels = [...(workload ? [levelOf(labels, "enforce")] : []), levelOf(labels, "warn")];
  for (const level of levels) {
    const violations = level && judge(podSpec, level, annotations);
    if (level && violations) return `299 - ${JSON.stringify(`would violate PodSecurity "${level}:latest": ${violations}`)}`;
  }
  return undefined;
}
