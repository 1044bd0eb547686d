// The nodes' kubelet, reduced to what clients see of it: it starts a placed pod's containers (each one simulated by
// ../emulated-container.ts), reports their state in the pod's status, probes them and records what it does as Events
// in its own words. Container probes (https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-probes
// and https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/):
// - a startup probe, when there is one, disables the other probes until it succeeds; after `failureThreshold` failures
//   the container is killed and restarted;
// - readiness is Failure until a readiness probe succeeds: a container failing it is not ready, and neither is its pod;
// - a liveness probe failing `failureThreshold` times in a row gets the container killed and restarted.
// A container that exits is restarted at once the first time; after that it waits in CrashLoopBackOff, 10 s doubling
// up to 5 minutes (https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-restarts).
// Only HTTP probes meet the simulated app's answer (200, or 503 with the fault switch on); exec and TCP probes pass.
import { DEFAULT_PROBE_PERIOD_MS, healthFailing, type SimulatedContainer } from "../emulated-container";
import { EventRecorder, involvedOf } from "./emulator-events";
import { isObject, type JsonObject } from "./emulator-fields";
import type { KubeObject, ObjectStore } from "./emulator-store";
import { environmentOf } from "./emulator-views";

type ProbeKind = "startup" | "readiness" | "liveness";

interface Probe {
  http: boolean;
  failureThreshold: number;
  periodMs?: number;
}

interface RunningContainer {
  name: string;
  image: string;
  probes: Partial<Record<ProbeKind, Probe>>;
  /** The app as it runs now; replaced on every restart. */
  simulated: SimulatedContainer;
  /** The instance before the current one, for `previous` logs. */
  previous?: SimulatedContainer;
  /** Set while the container waits in CrashLoopBackOff: when it runs again, and the kubelet's reason. */
  backOff?: { until: number; message: string };
  started: boolean;
  ready: boolean;
  restarts: number;
  failures: { startup: number; liveness: number };
  /** Probes of the current instance handled so far: the kubelet's probes are the app's probe lines, one per period. */
  probed: number;
}

interface RunningPod {
  uid: string;
  node: string;
  containers: RunningContainer[];
  timer?: NodeJS.Timeout;
}

const iso = (at: number) => new Date(at).toISOString().replace(/\.\d+Z$/, "Z");
const FIRST_BACK_OFF_MS = 10_000;
const MAX_BACK_OFF_MS = 300_000;
const keyOf = (namespace: string, name: string) => `${namespace}/${name}`;

function probeOf(container: JsonObject, kind: ProbeKind): Probe | undefined {
  const probe = container[`${kind}Probe`];
  if (!isObject(probe)) return undefined;
  // Defaults of core/v1 Probe: failureThreshold 3, periodSeconds 10.
  const failureThreshold = typeof probe.failureThreshold === "number" ? probe.failureThreshold : 3;
  return { http: isObject(probe.httpGet), failureThreshold, ...(typeof probe.periodSeconds === "number" && { periodMs: probe.periodSeconds * 1000 }) };
}

const httpPath = (container: JsonObject) => {
  for (const kind of ["readiness", "liveness", "startup"] as const) {
    const probe = container[`${kind}Probe`];
    if (isObject(probe) && isObject(probe.httpGet) && typeof probe.httpGet.path === "string") return probe.httpGet.path;
  }
  return "/";
};

const portOf = (container: JsonObject) => {
  const first = Array.isArray(container.ports) ? container.ports.find(isObject) : undefined;
  return first && typeof first.containerPort === "number" ? first.containerPort : 0;
};

/** The instance that ended last: the current one while it backs off, else the one before it. */
const ended = (container: RunningContainer) => (container.backOff ? container.simulated : container.previous);

/** The container status's `lastState`, once an instance has ended; the app shuts down on SIGTERM, a clean exit. */
function lastState(container: RunningContainer): { lastState?: JsonObject } {
  const last = ended(container);
  if (last?.stoppedAt === undefined) return {};
  return { lastState: { terminated: { exitCode: 0, reason: "Completed", startedAt: iso(last.startedAt), finishedAt: iso(last.stoppedAt) } } };
}

/** Whether a probe of this kind fails against the container's app. */
const failing = (container: RunningContainer, kind: ProbeKind) => container.probes[kind]?.http === true && healthFailing(container.simulated.environment);

export class Kubelet {
  private readonly pods = new Map<string, RunningPod>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: ObjectStore,
    private readonly events: EventRecorder,
    /** EmulatorOptions.probePeriodMs: every probe's period when set. */
    private readonly probePeriodMs: number | undefined,
    /** Told after the kubelet changed a pod's status, so the controllers can act on it. */
    private readonly changed: (pod: KubeObject) => void,
  ) {
    this.unsubscribe = store.subscribe((event) => {
      if (event.resource === "pods" && event.type === "DELETED") this.stopPod(event.object);
    });
  }

  stop(): void {
    this.unsubscribe();
    for (const pod of this.pods.values()) clearInterval(pod.timer);
    this.pods.clear();
  }

  /**
   * A pod's container for its logs: the instance running now, or with `previous` the last one that ended; while it
   * backs off, both are the one that ended (the kubelet reads the last terminated container then). Undefined while
   * it has not started.
   */
  container(namespace: string, pod: string, name: string, previous = false): SimulatedContainer | undefined {
    const found = this.pods.get(keyOf(namespace, pod))?.containers.find((container) => container.name === name);
    return previous ? found && ended(found) : found?.simulated;
  }

  /** Starts the containers of a pod placed on `node`: pull, create, start, then probe. */
  start(namespace: string, name: string, uid: string | undefined): void {
    const pod = this.store.get("pods", namespace, name);
    if (!pod || pod.metadata.uid !== uid || !uid) return;
    const spec = isObject(pod.spec) ? pod.spec : {};
    const node = typeof spec.nodeName === "string" ? spec.nodeName : "";
    const at = Date.now();
    const containers = (Array.isArray(spec.containers) ? spec.containers : []).filter(isObject).map((container): RunningContainer => {
      const probes = Object.fromEntries((["startup", "readiness", "liveness"] as const).flatMap((kind) => (probeOf(container, kind) ? [[kind, probeOf(container, kind)]] : [])));
      const period = this.probePeriodMs ?? probes.readiness?.periodMs ?? probes.liveness?.periodMs ?? DEFAULT_PROBE_PERIOD_MS;
      const simulated: SimulatedContainer = { instance: name, image: String(container.image ?? ""), port: portOf(container), healthCheckPath: httpPath(container), environment: environmentOf(this.store, namespace, container), startedAt: at, probePeriodMs: period };
      const running: RunningContainer = { name: String(container.name ?? ""), image: simulated.image, probes, simulated, started: false, ready: false, restarts: 0, failures: { startup: 0, liveness: 0 }, probed: 0 };
      this.settle(running);
      return running;
    });
    const running: RunningPod = { uid, node, containers };
    this.pods.set(keyOf(namespace, name), running);
    for (const container of containers) {
      // The kubelet's words (pkg/kubelet/images, pkg/kubelet/kuberuntime): pulled once, then created and started.
      this.say(pod, container, "Normal", "Pulling", `Pulling image "${container.image}"`, at);
      this.say(pod, container, "Normal", "Pulled", `Successfully pulled image "${container.image}" in 0s (0s including waiting)`, at);
      this.launched(pod, container, at);
    }
    const probing = containers.filter((container) => failing(container, "startup") || failing(container, "readiness") || failing(container, "liveness"));
    if (probing.length > 0) running.timer = setInterval(() => this.probe(namespace, name), containers[0].simulated.probePeriodMs);
    this.writeStatus(namespace, name, at);
  }

  /** Started, and ready when no probe that gates it fails: what the first probes will find, set at once. */
  private settle(container: RunningContainer): void {
    container.started = !failing(container, "startup");
    container.ready = container.started && !failing(container, "readiness");
  }

  private launched(pod: KubeObject, container: RunningContainer, at: number): void {
    this.say(pod, container, "Normal", "Created", `Created container ${container.name}`, at);
    this.say(pod, container, "Normal", "Started", `Started container ${container.name}`, at);
  }

  private say(pod: KubeObject, container: RunningContainer, type: "Normal" | "Warning", reason: string, message: string, at: number): void {
    const node = this.pods.get(keyOf(pod.metadata.namespace ?? "", pod.metadata.name))?.node ?? (isObject(pod.spec) ? String(pod.spec.nodeName ?? "") : "");
    this.events.record(involvedOf(pod, `spec.containers{${container.name}}`), { component: "kubelet", host: node }, type, reason, message, at);
  }

  /**
   * The probes of a pod whose app fails its health check that came due since the last look: each at the time the app
   * printed its answer (the timer only says when to look, and Node's timers may run a little early or late).
   */
  private probe(namespace: string, name: string): void {
    const running = this.pods.get(keyOf(namespace, name));
    const pod = this.store.get("pods", namespace, name);
    if (!running || !pod || pod.metadata.uid !== running.uid) return;
    const now = Date.now();
    for (const container of running.containers) {
      if (container.backOff) {
        if (now >= container.backOff.until) this.run(pod, container, now);
        continue;
      }
      const { startedAt, probePeriodMs } = container.simulated;
      const due = Math.floor((now - startedAt) / probePeriodMs);
      // A restart starts a new instance, whose probes count afresh: what is left of this round is its.
      for (const instance = container.simulated; container.probed < due && container.simulated === instance && !container.backOff; ) {
        container.probed += 1;
        this.probeOnce(pod, container, startedAt + container.probed * probePeriodMs);
      }
    }
    this.writeStatus(namespace, name, now);
  }

  private probeOnce(pod: KubeObject, container: RunningContainer, at: number): void {
    // The prober's result message for an HTTP probe answered 503 (pkg/probe/http).
    const failed = (kind: string) => `${kind} probe failed: HTTP probe failed with statuscode: 503`;
    if (!container.started) {
      if (!failing(container, "startup")) return;
      this.say(pod, container, "Warning", "Unhealthy", failed("Startup"), at);
      if (++container.failures.startup >= container.probes.startup!.failureThreshold) this.restart(pod, container, "startup", at);
      return;
    }
    if (failing(container, "readiness")) this.say(pod, container, "Warning", "Unhealthy", failed("Readiness"), at);
    if (failing(container, "liveness")) {
      this.say(pod, container, "Warning", "Unhealthy", failed("Liveness"), at);
      if (++container.failures.liveness >= container.probes.liveness!.failureThreshold) this.restart(pod, container, "liveness", at);
    }
  }

  /** Kills a container that failed its probe; it runs again at once the first time, else after its back-off. */
  private restart(pod: KubeObject, container: RunningContainer, probe: ProbeKind, probedAt: number): void {
    // The kill follows the answer the app printed for the probe: a millisecond later, so its log keeps that line.
    const at = probedAt + 1;
    this.say(pod, container, "Normal", "Killing", `Container ${container.name} failed ${probe} probe, will be restarted`, at);
    container.simulated.stoppedAt = at;
    container.started = false;
    container.ready = false;
    if (container.restarts === 0) return this.run(pod, container, at);
    const delay = Math.min(FIRST_BACK_OFF_MS * 2 ** (container.restarts - 1), MAX_BACK_OFF_MS);
    const podName = `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
    // pkg/kubelet/kuberuntime: the waiting reason's message, and the event's.
    container.backOff = { until: at + delay, message: `back-off ${delay / 1000}s restarting failed container=${container.name} pod=${podName}` };
    this.say(pod, container, "Warning", "BackOff", `Back-off restarting failed container ${container.name} in pod ${podName}`, at);
  }

  /** Runs a stopped container again: a new instance of the app, whose log starts afresh. */
  private run(pod: KubeObject, container: RunningContainer, at: number): void {
    container.backOff = undefined;
    container.previous = container.simulated;
    container.simulated = { ...container.simulated, startedAt: at, stoppedAt: undefined };
    container.restarts += 1;
    container.failures = { startup: 0, liveness: 0 };
    container.probed = 0;
    this.settle(container);
    this.say(pod, container, "Normal", "Pulled", `Container image "${container.image}" already present on machine`, at);
    this.launched(pod, container, at);
  }

  private stopPod(pod: KubeObject): void {
    const key = keyOf(pod.metadata.namespace ?? "", pod.metadata.name);
    const running = this.pods.get(key);
    if (!running || running.uid !== pod.metadata.uid) return;
    clearInterval(running.timer);
    this.pods.delete(key);
    const at = Date.now();
    for (const container of running.containers) {
      container.simulated.stoppedAt = at;
      this.events.record(involvedOf(pod, `spec.containers{${container.name}}`), { component: "kubelet", host: running.node }, "Normal", "Killing", `Stopping container ${container.name}`, at);
    }
  }

  /** The pod's status as the kubelet reports it (https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-conditions). */
  private writeStatus(namespace: string, name: string, at: number): void {
    const running = this.pods.get(keyOf(namespace, name));
    const pod = this.store.get("pods", namespace, name);
    if (!running || !pod) return;
    const previous = isObject(pod.status) ? pod.status : {};
    const since = (type: string, status: string) => {
      const before = (Array.isArray(previous.conditions) ? previous.conditions : []).filter(isObject).find((condition) => condition.type === type);
      return before && before.status === status && typeof before.lastTransitionTime === "string" ? before.lastTransitionTime : iso(at);
    };
    const unready = running.containers.filter((container) => !container.ready).map((container) => container.name);
    const condition = (type: string, ok: boolean) =>
      ok ? { type, status: "True", lastProbeTime: null, lastTransitionTime: since(type, "True") } : { type, status: "False", lastProbeTime: null, lastTransitionTime: since(type, "False"), reason: "ContainersNotReady", message: `containers with unready status: [${unready.join(" ")}]` };
    const startTime = typeof previous.startTime === "string" ? previous.startTime : iso(at);
    pod.status = {
      phase: "Running",
      conditions: [condition("PodReadyToStartContainers", true), condition("Initialized", true), condition("Ready", unready.length === 0), condition("ContainersReady", unready.length === 0), condition("PodScheduled", true)],
      hostIP: "10.0.0.1",
      podIP: `10.244.${1 + (name.length % 200)}.${2 + (name.charCodeAt(name.length - 1) % 250)}`,
      startTime,
      qosClass: "BestEffort",
      containerStatuses: running.containers.map((container) => ({
        name: container.name,
        image: container.image,
        imageID: "",
        ready: container.ready,
        started: container.started,
        restartCount: container.restarts,
        state: container.backOff ? { waiting: { reason: "CrashLoopBackOff", message: container.backOff.message } } : { running: { startedAt: iso(container.simulated.startedAt) } },
        ...lastState(container),
      })),
    };
    if (JSON.stringify(pod.status) === JSON.stringify(previous)) return;
    this.changed(this.store.update("pods", pod));
  }
}
