// What Cloud Run checks in a request before it accepts it, as field violations with Cloud Run's field
// paths (proto field names). Pure. The size, name, label and env rules come from emulator-limits.ts.
import type { protos } from "@google-cloud/run";
import type { Violation } from "./emulator-errors";
import { CONCURRENCY_LIMIT, INSTANCES_LIMIT, LABELS_LIMIT, labelRefusal, SERVICE_ID_DESCRIPTION, SERVICE_ID_PATTERN, sizeRefusals, VARIABLES_LIMIT, variableNameRefusal } from "./emulator-limits";

type Service = protos.google.cloud.run.v2.IService;
type Container = protos.google.cloud.run.v2.IContainer;
type Probe = protos.google.cloud.run.v2.IProbe;

export const LOCATION = /^projects\/([^/]+)\/locations\/([^/]+)$/;
export const LOCATION_FORM = "projects/{project}/locations/{location}";
export const SERVICE_NAME = /^projects\/([^/]+)\/locations\/([^/]+)\/services\/([^/]+)$/;
export const SERVICE_NAME_FORM = `${LOCATION_FORM}/services/{service}`;
/** Cloud Run's form of an image path: [hostname[:port]/]repo-path[:tag][@digest]. */
const IMAGE = /^(?:[a-zA-Z0-9.-]+(?::[0-9]+)?\/)?[a-z0-9]+(?:[._\/-][a-z0-9]+)*(?::[\w][\w.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$/;
const INGRESS = ["INGRESS_TRAFFIC_ALL", "INGRESS_TRAFFIC_INTERNAL_ONLY", "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER", "INGRESS_TRAFFIC_NONE"];

/** Kubernetes-style CPU quantity ("1", "0.5", "500m") in vCPU; null when unreadable. */
function parseCpu(quantity: string): number | null {
  const match = /^(\d+(?:\.\d+)?)(m?)$/.exec(quantity);
  return match ? Number(match[1]) / (match[2] ? 1000 : 1) : null;
}

const MEMORY_UNITS: Record<string, number> = { "": 1, k: 1e3, M: 1e6, G: 1e9, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 };

/** Memory quantity ("512Mi", "1Gi", "2G", bytes) in MiB; null when unreadable. */
function parseMemoryMiB(quantity: string): number | null {
  const match = /^(\d+(?:\.\d+)?)(k|M|G|Ki|Mi|Gi)?$/.exec(quantity);
  return match ? (Number(match[1]) * MEMORY_UNITS[match[2] ?? ""]) / 2 ** 20 : null;
}

/** A resource name checked against its pattern; `form` is how Cloud Run's documentation writes it. */
export function nameViolations(field: string, value: string | null | undefined, pattern: RegExp, form: string): Violation[] {
  if (!value) return [{ field, description: "must be set" }];
  return pattern.test(value) ? [] : [{ field, description: `"${value}" must have the form ${form}` }];
}

export function serviceIdViolations(serviceId: string | null | undefined): Violation[] {
  if (!serviceId) return [{ field: "service_id", description: "must be set" }];
  return SERVICE_ID_PATTERN.test(serviceId) ? [] : [{ field: "service_id", description: `"${serviceId}" is not a valid service id: ${SERVICE_ID_DESCRIPTION}` }];
}

function probeViolations(probe: Probe | null | undefined, at: string, maxPeriod: number): Violation[] {
  if (!probe) return [];
  const out: Violation[] = [];
  const path = probe.httpGet?.path;
  if (path && !path.startsWith("/")) out.push({ field: `${at}.http_get.path`, description: `must start with "/"` });
  const period = probe.periodSeconds ?? 10;
  const timeout = probe.timeoutSeconds ?? 1;
  if (period < 1 || period > maxPeriod) out.push({ field: `${at}.period_seconds`, description: `must be between 1 and ${maxPeriod}` });
  if (timeout < 1 || timeout > period) out.push({ field: `${at}.timeout_seconds`, description: "must be at least 1 and not more than period_seconds" });
  if ((probe.failureThreshold ?? 0) < 0) out.push({ field: `${at}.failure_threshold`, description: "must not be negative" });
  return out;
}

function containerViolations(container: Container, at: string, template: NonNullable<Service["template"]>): Violation[] {
  const out: Violation[] = [];
  if (!container.image) out.push({ field: `${at}.image`, description: "must be set" });
  else if (!IMAGE.test(container.image)) out.push({ field: `${at}.image`, description: "must be a container image path in the form [hostname/]repo-path[:tag and/or @digest]" });

  const ports = container.ports ?? [];
  if (ports.length > 1) out.push({ field: `${at}.ports`, description: "at most one port can be specified" });
  for (const [i, port] of ports.entries()) {
    const number = port.containerPort ?? 0;
    if (number < 0 || number > 65535) out.push({ field: `${at}.ports[${i}].container_port`, description: `must be between 1 and 65535, got ${number}` });
  }

  const names = new Set<string>();
  const variables = container.env ?? [];
  if (variables.length > VARIABLES_LIMIT) out.push({ field: `${at}.env`, description: `at most ${VARIABLES_LIMIT} environment variables can be set` });
  for (const [i, env] of variables.entries()) {
    const reason = variableNameRefusal(env.name ?? "") ?? (names.has(env.name ?? "") ? `environment variable "${env.name}" is set twice` : null);
    if (reason) out.push({ field: `${at}.env[${i}].name`, description: reason });
    names.add(env.name ?? "");
    // EnvVar.value_source.secret_key_ref: the secret (`{secret}` or `projects/{project}/secrets/{secret}`) is
    // required; the version is "latest", a number or an alias.
    const ref = env.valueSource?.secretKeyRef;
    if (env.valueSource && !ref) out.push({ field: `${at}.env[${i}].value_source.secret_key_ref`, description: "must be set when value_source is" });
    if (ref && !/^(?:projects\/[^/]+\/secrets\/)?[A-Za-z0-9_-]{1,255}$/.test(ref.secret ?? "")) {
      out.push({ field: `${at}.env[${i}].value_source.secret_key_ref.secret`, description: `"${ref.secret ?? ""}" must name a secret: {secret} or projects/{project}/secrets/{secret}` });
    }
  }

  // Unset limits take Cloud Run's defaults: 1 vCPU and 512 MiB.
  const limits = container.resources?.limits ?? {};
  const cpu = parseCpu(limits.cpu ?? "1");
  const memory = parseMemoryMiB(limits.memory ?? "512Mi");
  if (cpu === null) out.push({ field: `${at}.resources.limits.cpu`, description: `"${limits.cpu}" is not a CPU quantity` });
  if (memory === null) out.push({ field: `${at}.resources.limits.memory`, description: `"${limits.memory}" is not a memory quantity` });
  if (cpu !== null && memory !== null) {
    for (const size of sizeRefusals(cpu, memory)) out.push({ field: `${at}.resources.limits.${size.field}`, description: size.reason });
    if (cpu < 1) {
      // Fractional CPU's conditions (CPU limits page).
      if (template.maxInstanceRequestConcurrency !== 1) out.push({ field: "template.max_instance_request_concurrency", description: "must be 1 when CPU is less than 1" });
      if (container.resources?.cpuIdle !== true) out.push({ field: `${at}.resources.cpu_idle`, description: "must be true (CPU allocated only during requests) when CPU is less than 1" });
      if (template.executionEnvironment !== "EXECUTION_ENVIRONMENT_GEN1") out.push({ field: "template.execution_environment", description: "must be EXECUTION_ENVIRONMENT_GEN1 when CPU is less than 1" });
    }
  }
  out.push(...probeViolations(container.startupProbe, `${at}.startup_probe`, 240), ...probeViolations(container.livenessProbe, `${at}.liveness_probe`, 3600));
  return out;
}

/** The violations of a Service body; `at` is its path in the request ("service"). */
export function serviceViolations(service: Service | null | undefined, at: string): Violation[] {
  if (!service) return [{ field: at, description: "must be set" }];
  const out: Violation[] = [];
  const labels = Object.entries(service.labels ?? {});
  if (labels.length > LABELS_LIMIT) out.push({ field: `${at}.labels`, description: `at most ${LABELS_LIMIT} labels are allowed` });
  for (const [key, value] of labels) {
    const reason = labelRefusal(key, value);
    if (reason) out.push({ field: `${at}.labels`, description: reason });
  }
  if (service.ingress && !INGRESS.includes(String(service.ingress))) out.push({ field: `${at}.ingress`, description: `${service.ingress} is not a supported ingress setting` });

  const template = service.template;
  if (!template) return [...out, { field: `${at}.template`, description: "should be set." }];
  const containers = template.containers ?? [];
  if (containers.length === 0 || containers.length > 10) out.push({ field: `${at}.template.containers`, description: "must have between 1 and 10 containers" });
  if (containers.length > 1 && containers.filter((c) => c.ports?.length).length !== 1) {
    out.push({ field: `${at}.template.containers`, description: "exactly one container (the ingress container) must declare a port" });
  }
  for (const [i, container] of containers.entries()) {
    out.push(...containerViolations(container, `template.containers[${i}]`, template).map((v) => ({ ...v, field: `${at}.${v.field}` })));
  }

  const concurrency = template.maxInstanceRequestConcurrency ?? 0;
  if (concurrency < 0 || concurrency > CONCURRENCY_LIMIT) out.push({ field: `${at}.template.max_instance_request_concurrency`, description: `must be between 1 and ${CONCURRENCY_LIMIT}` });
  const min = template.scaling?.minInstanceCount ?? 0;
  const max = template.scaling?.maxInstanceCount ?? 0;
  if (min < 0 || min > INSTANCES_LIMIT) out.push({ field: `${at}.template.scaling.min_instance_count`, description: `must be between 0 and ${INSTANCES_LIMIT}` });
  if (max < 0 || max > INSTANCES_LIMIT) out.push({ field: `${at}.template.scaling.max_instance_count`, description: `must be between 0 and ${INSTANCES_LIMIT}` });
  // 0 means "not set" (Cloud Run's default ceiling), so min is only compared with a set max.
  else if (max > 0 && min > max) out.push({ field: `${at}.template.scaling.min_instance_count`, description: `min_instance_count (${min}) must not exceed max_instance_count (${max})` });
  return out;
}
