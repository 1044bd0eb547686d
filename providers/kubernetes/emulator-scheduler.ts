// Where the scheduler may place a pod: nodeSelector, required node affinity and taints against tolerations
// (https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/,
// https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/). Filters run in the default
// profile's order (TaintToleration before NodeAffinity), one reason per node; an unschedulable pod carries the
// scheduler's FitError text in its PodScheduled condition.
import { isObject, type JsonObject } from "./emulator-fields";

export interface Taint {
  key: string;
  value?: string;
  effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

export interface EmulatedNode {
  name: string;
  labels?: Record<string, string>;
  taints?: Taint[];
}

export const DEFAULT_NODES: EmulatedNode[] = ["a", "b", "c"].map((zone, index) => ({
  name: `node-${index + 1}`,
  labels: { "kubernetes.io/hostname": `node-${index + 1}`, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64", "topology.kubernetes.io/zone": `zone-${zone}` },
}));

interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

const tolerates = (tolerations: Toleration[], taint: Taint) =>
  tolerations.some(
    (toleration) =>
      (!toleration.effect || toleration.effect === taint.effect) &&
      (toleration.operator === "Exists" ? !toleration.key || toleration.key === taint.key : toleration.key === taint.key && (toleration.value ?? "") === (taint.value ?? "")),
  );

function matchesExpression(labels: Record<string, string>, expression: JsonObject): boolean {
  const key = String(expression.key);
  const values = Array.isArray(expression.values) ? expression.values.map(String) : [];
  switch (expression.operator) {
    case "In":
      return key in labels && values.includes(labels[key]);
    case "NotIn":
      return !(key in labels) || !values.includes(labels[key]);
    case "Exists":
      return key in labels;
    case "DoesNotExist":
      return !(key in labels);
    default:
      return false;
  }
}

function matchesAffinity(podSpec: JsonObject, labels: Record<string, string>): boolean {
  const selector = isObject(podSpec.nodeSelector) ? podSpec.nodeSelector : {};
  if (!Object.entries(selector).every(([key, value]) => labels[key] === value)) return false;
  const affinity = isObject(podSpec.affinity) && isObject(podSpec.affinity.nodeAffinity) ? podSpec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution : undefined;
  const terms = isObject(affinity) && Array.isArray(affinity.nodeSelectorTerms) ? affinity.nodeSelectorTerms : undefined;
  if (!terms) return true;
  return terms.some((term) => isObject(term) && (Array.isArray(term.matchExpressions) ? term.matchExpressions : []).every((expression) => isObject(expression) && matchesExpression(labels, expression)));
}

/** The node the pod goes to, or the scheduler's reason that none fits. */
export function schedule(podSpec: JsonObject, nodes: EmulatedNode[]): { node: string } | { unschedulable: string } {
  const tolerations = (Array.isArray(podSpec.tolerations) ? podSpec.tolerations : []).filter(isObject).map((toleration): Toleration => ({ ...toleration }) as Toleration);
  const reasons = new Map<string, number>();
  for (const node of nodes) {
    const taint = (node.taints ?? []).find((candidate) => candidate.effect !== "PreferNoSchedule" && !tolerates(tolerations, candidate));
    const reason = taint ? `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ""}}` : matchesAffinity(podSpec, node.labels ?? {}) ? undefined : "node(s) didn't match Pod's node affinity/selector";
    if (!reason) return { node: node.name };
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  const listed = [...reasons].map(([reason, count]) => `${count} ${reason}`).sort();
  return {
    unschedulable: `0/${nodes.length} nodes are available: ${listed.join(", ")}. preemption: 0/${nodes.length} nodes are available: ${nodes.length} Preemption is not helpful for scheduling.`,
  };
}
