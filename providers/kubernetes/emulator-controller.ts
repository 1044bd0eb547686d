// The controllers a cluster runs behind its API, reduced to what clients watch for: the Deployment controller and
// its ReplicaSet (https://kubernetes.io/docs/concepts/workloads/controllers/deployment/) keep one pod per replica of
// the current template (old template's pods go at once: the emulator does not pace a rolling update), bump the
// `deployment.kubernetes.io/revision` annotation per template change and report the status fields and conditions
// `kubectl rollout status` reads (https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#deployment-status);
// the scheduler places pods or leaves them Pending with its reason; a placed pod's containers start `delayMs` later
// (./emulator-kubelet.ts). Each records its Events in the words `kubectl describe` shows.
import { createHash, randomBytes } from "node:crypto";
import { enforced, type PodSecurityJudge } from "./emulator-admission";
import { type EventRecorder, involvedOf } from "./emulator-events";
import { isObject, type JsonObject } from "./emulator-fields";
import { Kubelet } from "./emulator-kubelet";
import { type EmulatedNode, schedule } from "./emulator-scheduler";
import type { KubeObject, ObjectStore } from "./emulator-store";

const REVISION = "deployment.kubernetes.io/revision";
const now = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");
const ALPHANUMERIC = "bcdfghjklmnpqrstvwxz2456789";
/** Five characters from the alphabet the API server's generateName uses. */
const suffix = () => [...randomBytes(5)].map((byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join("");

const templateHash = (template: unknown) => createHash("sha256").update(JSON.stringify(template ?? {})).digest("hex").slice(0, 10);
const ownerName = (pod: KubeObject) => pod.metadata.ownerReferences?.find((owner) => owner.kind === "ReplicaSet")?.name;
const isReady = (pod: KubeObject) => isObject(pod.status) && Array.isArray(pod.status.conditions) && pod.status.conditions.some((condition) => isObject(condition) && condition.type === "Ready" && condition.status === "True");

export class DeploymentController {
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Template hashes per Deployment, newest last: the controller's memory of its ReplicaSets. */
  private readonly templates = new Map<string, string[]>();
  /** Replicas per ReplicaSet (`<namespace>/<name>`), as the Deployment controller last scaled it. */
  private readonly sizes = new Map<string, number>();

  /** The nodes' kubelet: runs the placed pods' containers, for their status, events and logs. */
  readonly kubelet: Kubelet;

  constructor(
    private readonly store: ObjectStore,
    private readonly nodes: EmulatedNode[],
    private readonly delayMs: number,
    private readonly judge: PodSecurityJudge,
    private readonly events: EventRecorder,
    probePeriodMs: number | undefined,
  ) {
    this.kubelet = new Kubelet(store, events, probePeriodMs, (pod) => this.podChanged(pod));
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.kubelet.stop();
  }

  /** Brings a Deployment's pods and status in line with its spec, after any write to it (or its deletion). */
  reconcile(namespace: string, name: string): void {
    const deployment = this.store.get("deployments", namespace, name);
    const pods = this.store.list("pods", namespace).filter((pod) => ownerName(pod)?.startsWith(`${name}-`) && ownerName(pod) === `${name}-${pod.metadata.labels?.["pod-template-hash"]}`);
    if (!deployment) {
      this.templates.delete(`${namespace}/${name}`);
      for (const key of this.sizes.keys()) if (key.startsWith(`${namespace}/${name}-`) && !key.slice(namespace.length + name.length + 2).includes("-")) this.sizes.delete(key);
      for (const pod of pods) this.store.remove("pods", namespace, pod.metadata.name);
      return;
    }
    const spec = isObject(deployment.spec) ? deployment.spec : {};
    const template = isObject(spec.template) ? spec.template : {};
    const hash = templateHash(template);
    const replicaSet = `${name}-${hash}`;
    const current = pods.filter((pod) => ownerName(pod) === replicaSet);
    const old = pods.filter((pod) => ownerName(pod) !== replicaSet);
    for (const pod of old) this.store.remove("pods", namespace, pod.metadata.name);
    for (const owner of new Set(old.map((pod) => ownerName(pod) ?? ""))) this.scaled(deployment, owner, 0);

    const key = `${namespace}/${name}`;
    const templates = this.templates.get(key) ?? [];
    let failure: string | undefined;
    if (templates.at(-1) !== hash) {
      // The revision counts template changes; going back to an old template is a new revision, as a rollback is.
      this.templates.set(key, [...templates.filter((known) => known !== hash), hash]);
      const annotations = deployment.metadata.annotations ?? {};
      deployment.metadata.annotations = { ...annotations, [REVISION]: String(Number(annotations[REVISION] ?? "0") + 1) };
      this.store.update("deployments", deployment);
    }
    const desired = typeof spec.replicas === "number" ? spec.replicas : 1;
    for (const extra of current.slice(desired)) this.store.remove("pods", namespace, extra.metadata.name);
    this.scaled(deployment, replicaSet, desired);
    const owner = { kind: "ReplicaSet", apiVersion: "apps/v1", namespace, name: replicaSet };
    const namespaceLabels = this.store.get("namespaces", undefined, namespace)?.metadata.labels;
    for (let count = current.length; count < desired; count++) {
      const podName = `${replicaSet}-${suffix()}`;
      const podSpec = isObject(template.spec) ? template.spec : {};
      const metadata = isObject(template.metadata) ? template.metadata : {};
      const refused = enforced(this.judge, namespaceLabels, podSpec, isObject(metadata.annotations) ? (metadata.annotations as Record<string, string>) : undefined);
      if (refused) {
        // What the ReplicaSet controller reports when admission refuses its pods.
        failure = `pods "${podName}" is forbidden: violates PodSecurity "${refused.policy}": ${refused.violations}`;
        this.events.record(owner, { component: "replicaset-controller" }, "Warning", "FailedCreate", `Error creating: ${failure}`);
        break;
      }
      const labels = { ...(isObject(metadata.labels) ? (metadata.labels as Record<string, string>) : {}), "pod-template-hash": hash };
      const pod: KubeObject = {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: podName, namespace, generateName: `${replicaSet}-`, labels, ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: replicaSet, uid: deployment.metadata.uid ?? "", controller: true }] },
        spec: structuredClone(podSpec),
        status: { phase: "Pending" },
      };
      this.events.record(owner, { component: "replicaset-controller" }, "Normal", "SuccessfulCreate", `Created pod: ${podName}`);
      this.place(this.store.create("pods", pod));
    }
    this.updateStatus(namespace, name, failure);
  }

  /** The Deployment controller's word for resizing a ReplicaSet (pkg/controller/deployment/sync.go). */
  private scaled(deployment: KubeObject, replicaSet: string, to: number): void {
    const key = `${deployment.metadata.namespace}/${replicaSet}`;
    const from = this.sizes.get(key) ?? 0;
    if (from === to) return;
    this.sizes.set(key, to);
    const direction = to > from ? "up" : "down";
    this.events.record(involvedOf(deployment), { component: "deployment-controller" }, "Normal", "ScalingReplicaSet", `Scaled ${direction} replica set ${replicaSet} from ${from} to ${to}`);
  }

  /** Schedules a new pod and, once placed, has the kubelet start its containers after the provisioning delay. */
  place(pod: KubeObject): void {
    const placement = schedule(isObject(pod.spec) ? pod.spec : {}, this.nodes);
    const namespace = pod.metadata.namespace!;
    if ("unschedulable" in placement) {
      pod.status = { phase: "Pending", conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable", message: placement.unschedulable, lastProbeTime: null, lastTransitionTime: now() }], qosClass: "BestEffort" };
      this.events.record(involvedOf(this.store.update("pods", pod)), { component: "default-scheduler" }, "Warning", "FailedScheduling", placement.unschedulable);
      return;
    }
    pod.spec = { ...(isObject(pod.spec) ? pod.spec : {}), nodeName: placement.node };
    pod.status = { phase: "Pending", conditions: [{ type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: now() }], qosClass: "BestEffort" };
    const placed = this.store.update("pods", pod);
    this.events.record(involvedOf(placed), { component: "default-scheduler" }, "Normal", "Scheduled", `Successfully assigned ${namespace}/${pod.metadata.name} to ${placement.node}`);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.kubelet.start(namespace, pod.metadata.name, placed.metadata.uid);
    }, this.delayMs);
    this.timers.add(timer);
  }

  /** A pod's status changed on its node: its Deployment's status follows. */
  private podChanged(pod: KubeObject): void {
    const owner = ownerName(pod);
    const hash = pod.metadata.labels?.["pod-template-hash"];
    if (owner && hash && pod.metadata.namespace) this.updateStatus(pod.metadata.namespace, owner.slice(0, -(hash.length + 1)));
  }

  /** The status fields and conditions of a Deployment, from its pods. */
  private updateStatus(namespace: string, name: string, failure?: string): void {
    const deployment = this.store.get("deployments", namespace, name);
    if (!deployment) return;
    const spec = isObject(deployment.spec) ? deployment.spec : {};
    const replicaSet = `${name}-${templateHash(spec.template)}`;
    const pods = this.store.list("pods", namespace).filter((pod) => ownerName(pod) === replicaSet);
    const ready = pods.filter(isReady).length;
    const desired = typeof spec.replicas === "number" ? spec.replicas : 1;
    const previous = isObject(deployment.status) ? deployment.status : {};
    const previousConditions = (Array.isArray(previous.conditions) ? previous.conditions : []).filter(isObject);
    const condition = (type: string, status: string, reason: string, message: string): JsonObject => {
      const before = previousConditions.find((candidate) => candidate.type === type);
      const transition = before && before.status === status ? before.lastTransitionTime : now();
      return { type, status, lastUpdateTime: before && before.reason === reason && before.message === message ? before.lastUpdateTime : now(), lastTransitionTime: transition ?? now(), reason, message };
    };
    const maxUnavailable = Math.floor(desired * 0.25);
    const complete = pods.length === desired && ready === desired;
    const stillFailing = failure ?? (pods.length < desired ? previousConditions.find((candidate) => candidate.type === "ReplicaFailure")?.message : undefined);
    const conditions = [
      ready >= desired - maxUnavailable ? condition("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.") : condition("Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability."),
      complete ? condition("Progressing", "True", "NewReplicaSetAvailable", `ReplicaSet "${replicaSet}" has successfully progressed.`) : condition("Progressing", "True", "ReplicaSetUpdated", `ReplicaSet "${replicaSet}" is progressing.`),
      ...(typeof stillFailing === "string" ? [condition("ReplicaFailure", "True", "FailedCreate", stillFailing)] : []),
    ];
    const counts = { replicas: pods.length, updatedReplicas: pods.length, readyReplicas: ready, availableReplicas: ready, unavailableReplicas: Math.max(desired - ready, 0) };
    const status: JsonObject = { observedGeneration: deployment.metadata.generation ?? 1, ...Object.fromEntries(Object.entries(counts).filter(([, value]) => value > 0)), conditions };
    if (JSON.stringify(status) === JSON.stringify(previous)) return;
    deployment.status = status;
    this.store.update("deployments", deployment);
  }
}
