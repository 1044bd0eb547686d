// Pod Security admission as the Kubernetes API server runs it: a pure judge of a pod spec against the Pod Security
// Standards (`restricted` includes `baseline`), answering in the API server's words and order. Written for the
// emulator from the standard and the admission plugin's sources, never from Bulkhead's planner:
// - https://kubernetes.io/docs/concepts/security/pod-security-standards/
// - https://kubernetes.io/docs/concepts/security/pod-security-admission/
// - https://github.com/kubernetes/kubernetes/tree/master/staging/src/k8s.io/pod-security-admission/policy
//   (check_*.go: one check each, its reason and detail; registry.go: the order; checks.go: "reason (detail), …")
// - https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/pod-security-admission/admission/admission.go
//   ("violates PodSecurity %q: %s" refuses a pod; "would violate PodSecurity %q: %s" warns on a workload)
//
// The policy modelled is `latest` on a v1.34 API server: every check at its newest version up to 1.34 (sysctls of 1.32,
// SELinux types of 1.31, image volumes, the AppArmor field, probe and lifecycle hosts of 1.34). The user-namespace
// relaxations (`hostUsers: false`) sat behind an alpha gate, off by default, at 1.34 and are not modelled.
import type { IContainer } from "kubernetes-models/v1/Container";
import type { ILifecycleHandler } from "kubernetes-models/v1/LifecycleHandler";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { IProbe } from "kubernetes-models/v1/Probe";
import type { ISecurityContext } from "kubernetes-models/v1/SecurityContext";
import type { IVolume } from "kubernetes-models/v1/Volume";

export type PodSecurityLevel = "baseline" | "restricted";

/** One failed check, as the API server words it: `reason (detail)`. `check` is the upstream check's ID. */
export interface PodSecurityViolation {
  check: string;
  reason: string;
  detail: string;
}

export interface PodSecurityOptions {
  /** The namespace's `pod-security.kubernetes.io/enforce` level; `restricted` unless told. */
  level?: PodSecurityLevel;
  /** The pod's (or pod template's) annotations: the AppArmor check still reads the deprecated annotation. */
  annotations?: Record<string, string>;
}

/** What the checks see of a container; ephemeral containers carry the same fields. */
type Visited = Pick<IContainer, "name" | "securityContext" | "ports" | "livenessProbe" | "readinessProbe" | "startupProbe" | "lifecycle">;

interface Check {
  id: string;
  level: PodSecurityLevel;
  /** Baseline checks a restricted check replaces when `restricted` is enforced. */
  overrides?: string[];
  judge: (spec: IPodSpec, annotations: Record<string, string>) => { reason: string; detail: string } | null;
}

// A JSON null reaches the API server's Go types as a nil pointer, the same as an absent field: `== null` below says so.
// Helpers worded as the policy package's own (helpers.go: joinQuote, pluralize; sets' List() sorts).
const joinQuote = (items: string[]) => items.map((item) => `"${item}"`).join(", ");
const plural = (one: string, many: string, count: number) => (count === 1 ? one : many);
const sortedSet = (items: Iterable<string>) => [...new Set(items)].sort();
/** Go's %q for the names and values the API server quotes; JSON escaping agrees with it on printable text. */
const goQuote = (text: string) => JSON.stringify(text);
/** `container "a"` / `containers "a", "b"`. */
const containersPhrase = (names: string[]) => `${plural("container", "containers", names.length)} ${joinQuote(names)}`;
/** `pod and containers "a", "b"`: who set a forbidden value. */
const setters = (pod: boolean, containers: string[]) => [...(pod ? ["pod"] : []), ...(containers.length ? [containersPhrase(containers)] : [])];

/** Init, regular, then ephemeral containers: visitor.go's order. */
function containersOf(spec: IPodSpec): Visited[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
}

const namesWhere = (spec: IPodSpec, bad: (context: ISecurityContext | undefined, container: Visited) => boolean) =>
  containersOf(spec)
    .filter((container) => bad(container.securityContext, container))
    .map((container) => container.name);

const isWindows = (spec: IPodSpec) => spec.os?.name === "windows";

const APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";
const APPARMOR_TYPES = new Set(["RuntimeDefault", "Localhost"]);

/** check_appArmorProfile.go: the field may be RuntimeDefault or Localhost; the annotation runtime/default, localhost/* or empty. */
function appArmorProfile(spec: IPodSpec, annotations: Record<string, string>) {
  const podType = spec.securityContext?.appArmorProfile?.type;
  const badValues: string[] = [];
  const badPod = podType != null && !APPARMOR_TYPES.has(podType);
  if (badPod) badValues.push(podType);
  const badContainers = namesWhere(spec, (context) => {
    const type = context?.appArmorProfile?.type;
    if (type == null || APPARMOR_TYPES.has(type)) return false;
    badValues.push(type);
    return true;
  });
  const badAnnotations = Object.entries(annotations)
    .filter(([key, value]) => key.startsWith(APPARMOR_ANNOTATION_PREFIX) && !(value === "" || value === "runtime/default" || value.startsWith("localhost/")))
    .map(([key, value]) => `${key}=${goQuote(value)}`)
    .sort();
  const who = [...setters(badPod, badContainers), ...(badAnnotations.length ? [plural("annotation", "annotations", badAnnotations.length)] : [])];
  if (!who.length) return null;
  const values = [...sortedSet(badValues), ...badAnnotations];
  return {
    reason: plural("forbidden AppArmor profile", "forbidden AppArmor profiles", values.length),
    detail: `${who.join(" and ")} must not set AppArmor profile type to ${joinQuote(values)}`,
  };
}

/** check_capabilities_baseline.go: Docker's default set (NET_RAW left out). */
const BASELINE_CAPABILITIES = new Set(["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"]);

function capabilitiesBaseline(spec: IPodSpec) {
  const added: string[] = [];
  const bad = namesWhere(spec, (context) => {
    const extra = (context?.capabilities?.add ?? []).filter((capability) => !BASELINE_CAPABILITIES.has(capability));
    added.push(...extra);
    return extra.length > 0;
  });
  if (!bad.length) return null;
  return { reason: "non-default capabilities", detail: `${containersPhrase(bad)} must not include ${joinQuote(sortedSet(added))} in securityContext.capabilities.add` };
}

/** check_hostNamespaces.go: named as set, in this order (not sorted). */
function hostNamespaces(spec: IPodSpec) {
  const shared = [spec.hostNetwork && "hostNetwork=true", spec.hostPID && "hostPID=true", spec.hostIPC && "hostIPC=true"].filter((name): name is string => Boolean(name));
  return shared.length ? { reason: "host namespaces", detail: shared.join(", ") } : null;
}

function hostPathVolumes(spec: IPodSpec) {
  const names = (spec.volumes ?? []).filter((volume) => volume.hostPath).map((volume) => volume.name);
  return names.length ? { reason: "hostPath volumes", detail: `${plural("volume", "volumes", names.length)} ${joinQuote(names)}` } : null;
}

function hostPorts(spec: IPodSpec) {
  const ports: string[] = [];
  const bad = namesWhere(spec, (_context, container) => {
    const used = (container.ports ?? []).filter((port) => port.hostPort).map((port) => String(port.hostPort));
    ports.push(...used);
    return used.length > 0;
  });
  if (!bad.length) return null;
  const list = sortedSet(ports);
  return { reason: "hostPort", detail: `${containersPhrase(bad)} ${plural("uses", "use", bad.length)} ${plural("hostPort", "hostPorts", list.length)} ${list.join(", ")}` };
}

/** check_hostProbesAndhostLifecycle.go (1.34): probes and lifecycle handlers may not name a host. */
function hostProbesAndHostLifecycle(spec: IPodSpec) {
  const hosts: string[] = [];
  const bad: string[] = [];
  const handlers = (container: Visited): (IProbe | ILifecycleHandler | undefined)[] => [container.livenessProbe, container.readinessProbe, container.startupProbe, container.lifecycle?.postStart, container.lifecycle?.preStop];
  for (const container of containersOf(spec)) {
    const named = handlers(container).flatMap((handler) => [handler?.httpGet?.host, handler?.tcpSocket?.host].filter((host): host is string => Boolean(host)));
    if (named.length) bad.push(container.name);
    hosts.push(...named);
  }
  if (!bad.length) return null;
  const names = sortedSet(bad);
  const list = sortedSet(hosts);
  return {
    reason: "probe or lifecycle host",
    detail: `${containersPhrase(names)} ${plural("uses", "use", names.length)} ${plural("probe or lifecycle host", "probe or lifecycle hosts", list.length)} ${joinQuote(list)}`,
  };
}

function privileged(spec: IPodSpec) {
  const bad = namesWhere(spec, (context) => context?.privileged === true);
  return bad.length ? { reason: "privileged", detail: `${containersPhrase(bad)} must not set securityContext.privileged=true` } : null;
}

function procMount(spec: IPodSpec) {
  const types: string[] = [];
  const bad = namesWhere(spec, (context) => {
    if (context?.procMount == null || context.procMount === "Default") return false;
    types.push(context.procMount);
    return true;
  });
  return bad.length ? { reason: "procMount", detail: `${containersPhrase(bad)} must not set securityContext.procMount to ${joinQuote(sortedSet(types))}` } : null;
}

/** check_seLinuxOptions.go at 1.31: container_engine_t joined the allowed types; user and role stay empty. */
const SELINUX_TYPES = new Set(["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"]);

function seLinuxOptions(spec: IPodSpec) {
  const badTypes: string[] = [];
  let user = false;
  let role = false;
  const bad = (options: { type?: string; user?: string; role?: string } | undefined) => {
    if (!options) return false;
    const type = options.type ?? "";
    if (!SELINUX_TYPES.has(type)) badTypes.push(type);
    if (options.user) user = true;
    if (options.role) role = true;
    return !SELINUX_TYPES.has(type) || Boolean(options.user) || Boolean(options.role);
  };
  const badPod = bad(spec.securityContext?.seLinuxOptions);
  const who = setters(badPod, namesWhere(spec, (context) => bad(context?.seLinuxOptions)));
  if (!who.length) return null;
  const types = sortedSet(badTypes);
  const data = [...(types.length ? [`${plural("type", "types", types.length)} ${joinQuote(types)}`] : []), ...(user ? ["user may not be set"] : []), ...(role ? ["role may not be set"] : [])];
  return { reason: "seLinuxOptions", detail: `${who.join(" and ")} set forbidden securityContext.seLinuxOptions: ${data.join("; ")}` };
}

const SECCOMP_TYPES = new Set(["RuntimeDefault", "Localhost"]);

/** Who set seccompProfile.type to something other than RuntimeDefault or Localhost, and what; shared by both seccomp checks. */
function seccompSetters(spec: IPodSpec) {
  const values: string[] = [];
  const podType = spec.securityContext?.seccompProfile?.type;
  const badPod = podType != null && !SECCOMP_TYPES.has(podType);
  if (badPod) values.push(podType);
  const badContainers = namesWhere(spec, (context) => {
    const type = context?.seccompProfile?.type;
    if (type == null || SECCOMP_TYPES.has(type)) return false;
    values.push(type);
    return true;
  });
  return { who: setters(badPod, badContainers), values: sortedSet(values), podValid: podType != null && !badPod };
}

const seccompRefusal = (who: string[], values: string[]) => ({ reason: "seccompProfile", detail: `${who.join(" and ")} must not set securityContext.seccompProfile.type to ${joinQuote(values)}` });

function seccompProfileBaseline(spec: IPodSpec) {
  const { who, values } = seccompSetters(spec);
  return who.length ? seccompRefusal(who, values) : null;
}

/**
 * check_sysctls.go: the safe set as of policy 1.32 (1.27 added ip_local_reserved_ports, 1.29 the TCP keepalive and
 * fin_timeout knobs, 1.32 tcp_rmem and tcp_wmem); see also kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/.
 */
const SAFE_SYSCTLS = new Set([
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
  "net.ipv4.tcp_rmem",
  "net.ipv4.tcp_wmem",
]);

function sysctls(spec: IPodSpec) {
  const forbidden = (spec.securityContext?.sysctls ?? []).map((sysctl) => sysctl.name).filter((name) => !SAFE_SYSCTLS.has(name));
  return forbidden.length ? { reason: "forbidden sysctls", detail: forbidden.join(", ") } : null;
}

function windowsHostProcess(spec: IPodSpec) {
  const who = setters(spec.securityContext?.windowsOptions?.hostProcess === true, namesWhere(spec, (context) => context?.windowsOptions?.hostProcess === true));
  return who.length ? { reason: "hostProcess", detail: `${who.join(" and ")} must not set securityContext.windowsOptions.hostProcess=true` } : null;
}

function allowPrivilegeEscalation(spec: IPodSpec) {
  // From policy 1.25 a Windows pod is exempt: its API validation forbids the field.
  if (isWindows(spec)) return null;
  const bad = namesWhere(spec, (context) => context?.allowPrivilegeEscalation !== false);
  return bad.length ? { reason: "allowPrivilegeEscalation != false", detail: `${containersPhrase(bad)} must set securityContext.allowPrivilegeEscalation=false` } : null;
}

/** check_capabilities_restricted.go: drop ALL, and add nothing but NET_BIND_SERVICE. */
function capabilitiesRestricted(spec: IPodSpec) {
  if (isWindows(spec)) return null;
  const missingDrop: string[] = [];
  const adding: string[] = [];
  const added: string[] = [];
  for (const container of containersOf(spec)) {
    const capabilities = container.securityContext?.capabilities;
    if (!capabilities?.drop?.includes("ALL")) missingDrop.push(container.name);
    const extra = (capabilities?.add ?? []).filter((capability) => capability !== "NET_BIND_SERVICE");
    if (extra.length) adding.push(container.name);
    added.push(...extra);
  }
  const details = [
    ...(missingDrop.length ? [`${containersPhrase(missingDrop)} must set securityContext.capabilities.drop=["ALL"]`] : []),
    ...(adding.length ? [`${containersPhrase(adding)} must not include ${joinQuote(sortedSet(added))} in securityContext.capabilities.add`] : []),
  ];
  return details.length ? { reason: "unrestricted capabilities", detail: details.join("; ") } : null;
}

/** check_restrictedVolumes.go: inline volume sources other than these, in the order the check names them. */
const ALLOWED_VOLUME_SOURCES = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image", "persistentVolumeClaim", "projected", "secret"] as const;
const RESTRICTED_VOLUME_SOURCES = [
  "hostPath",
  "gcePersistentDisk",
  "awsElasticBlockStore",
  "gitRepo",
  "nfs",
  "iscsi",
  "glusterfs",
  "rbd",
  "flexVolume",
  "cinder",
  "cephfs",
  "flocker",
  "fc",
  "azureFile",
  "vsphereVolume",
  "quobyte",
  "azureDisk",
  "photonPersistentDisk",
  "portworxVolume",
  "scaleIO",
  "storageos",
] as const;

function restrictedVolumes(spec: IPodSpec) {
  const bad: string[] = [];
  const types: string[] = [];
  const has = (volume: IVolume, source: (typeof ALLOWED_VOLUME_SOURCES)[number] | (typeof RESTRICTED_VOLUME_SOURCES)[number]) => volume[source] != null;
  for (const volume of spec.volumes ?? []) {
    if (ALLOWED_VOLUME_SOURCES.some((source) => has(volume, source))) continue;
    bad.push(volume.name);
    types.push(RESTRICTED_VOLUME_SOURCES.find((source) => has(volume, source)) ?? "unknown");
  }
  if (!bad.length) return null;
  const list = sortedSet(types);
  return {
    reason: "restricted volume types",
    detail: `${plural("volume", "volumes", bad.length)} ${joinQuote(bad)} ${plural("uses", "use", bad.length)} ${plural("restricted volume type", "restricted volume types", list.length)} ${joinQuote(list)}`,
  };
}

/** check_runAsNonRoot.go: true at pod or container level; a container's own setting wins over the pod's. */
function runAsNonRoot(spec: IPodSpec) {
  const podSetting = spec.securityContext?.runAsNonRoot;
  const explicit = namesWhere(spec, (context) => context?.runAsNonRoot === false);
  const who = setters(podSetting === false, explicit);
  if (who.length) return { reason: "runAsNonRoot != true", detail: `${who.join(" and ")} must not set securityContext.runAsNonRoot=false` };
  const implicit = podSetting === true ? [] : namesWhere(spec, (context) => context?.runAsNonRoot == null);
  return implicit.length ? { reason: "runAsNonRoot != true", detail: `pod or ${containersPhrase(implicit)} must set securityContext.runAsNonRoot=true` } : null;
}

function runAsUser(spec: IPodSpec) {
  const who = setters(spec.securityContext?.runAsUser === 0, namesWhere(spec, (context) => context?.runAsUser === 0));
  return who.length ? { reason: "runAsUser=0", detail: `${who.join(" and ")} must not set runAsUser=0` } : null;
}

/** check_seccompProfile_restricted.go: RuntimeDefault or Localhost must be set, by the pod or by every container. */
function seccompProfileRestricted(spec: IPodSpec) {
  if (isWindows(spec)) return null;
  const { who, values, podValid } = seccompSetters(spec);
  if (who.length) return seccompRefusal(who, values);
  const implicit = podValid ? [] : namesWhere(spec, (context) => context?.seccompProfile == null);
  return implicit.length ? { reason: "seccompProfile", detail: `pod or ${containersPhrase(implicit)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"` } : null;
}

const CHECKS: Check[] = [
  { id: "appArmorProfile", level: "baseline", judge: appArmorProfile },
  { id: "capabilities_baseline", level: "baseline", judge: capabilitiesBaseline },
  { id: "hostNamespaces", level: "baseline", judge: hostNamespaces },
  { id: "hostPathVolumes", level: "baseline", judge: hostPathVolumes },
  { id: "hostPorts", level: "baseline", judge: hostPorts },
  { id: "hostProbesAndHostLifecycle", level: "baseline", judge: hostProbesAndHostLifecycle },
  { id: "privileged", level: "baseline", judge: privileged },
  { id: "procMount", level: "baseline", judge: procMount },
  { id: "seLinuxOptions", level: "baseline", judge: seLinuxOptions },
  { id: "seccompProfile_baseline", level: "baseline", judge: seccompProfileBaseline },
  { id: "sysctls", level: "baseline", judge: sysctls },
  { id: "windowsHostProcess", level: "baseline", judge: windowsHostProcess },
  { id: "allowPrivilegeEscalation", level: "restricted", judge: allowPrivilegeEscalation },
  { id: "capabilities_restricted", level: "restricted", overrides: ["capabilities_baseline"], judge: capabilitiesRestricted },
  { id: "restrictedVolumes", level: "restricted", overrides: ["hostPathVolumes"], judge: restrictedVolumes },
  { id: "runAsNonRoot", level: "restricted", judge: runAsNonRoot },
  { id: "runAsUser", level: "restricted", judge: runAsUser },
  { id: "seccompProfile_restricted", level: "restricted", overrides: ["seccompProfile_baseline"], judge: seccompProfileRestricted },
];

const byId = (a: Check, b: Check) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** registry.go: baseline checks sorted by ID, then restricted ones sorted by ID, less the baseline checks they override. */
function checksFor(level: PodSecurityLevel): Check[] {
  const baseline = CHECKS.filter((check) => check.level === "baseline").sort(byId);
  if (level === "baseline") return baseline;
  const restricted = CHECKS.filter((check) => check.level === "restricted").sort(byId);
  const overridden = new Set(restricted.flatMap((check) => check.overrides ?? []));
  return [...baseline.filter((check) => !overridden.has(check.id)), ...restricted];
}

/** The violations of a pod spec (a Pod's or a pod template's), in the order the API server lists them; empty when admitted. */
export function podSecurityViolations(spec: IPodSpec, options: PodSecurityOptions = {}): PodSecurityViolation[] {
  const annotations = options.annotations ?? {};
  return checksFor(options.level ?? "restricted").flatMap((check) => {
    const failed = check.judge(spec, annotations);
    return failed ? [{ check: check.id, ...failed }] : [];
  });
}

/** `restricted:latest`: the level and version the messages name. */
export const podSecurityPolicyName = (level: PodSecurityLevel = "restricted") => `${level}:latest`;

/** checks.go's ForbiddenDetail: `reason (detail), reason (detail)`. */
export function describePodSecurityViolations(violations: PodSecurityViolation[]): string {
  return violations.map(({ reason, detail }) => (detail ? `${reason} (${detail})` : reason)).join(", ");
}

/** The 403 Forbidden message refusing a pod: `pods "web" is forbidden: violates PodSecurity "restricted:latest": …`. */
export function podSecurityForbiddenMessage(podName: string, violations: PodSecurityViolation[], level: PodSecurityLevel = "restricted"): string {
  return `pods ${goQuote(podName)} is forbidden: violates PodSecurity ${goQuote(podSecurityPolicyName(level))}: ${describePodSecurityViolations(violations)}`;
}

/** The Warning a workload (a Deployment) is admitted with: `would violate PodSecurity "restricted:latest": …`. */
export function podSecurityWarning(violations: PodSecurityViolation[], level: PodSecurityLevel = "restricted"): string {
  return `would violate PodSecurity ${goQuote(podSecurityPolicyName(level))}: ${describePodSecurityViolations(violations)}`;
}
