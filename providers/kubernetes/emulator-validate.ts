// What the API server refuses in an object: the shape the published OpenAPI schemas describe (checked with the
// schemas `kubernetes-models` compiles), then the rules of its own validation code that no schema states
// (names, `containers[*].image`, a Deployment's selector against its template: pkg/apis/core/validation and
// pkg/apis/apps/validation, https://kubernetes.io/docs/concepts/overview/working-with-objects/names/).
// Refusals are 422 Invalid with one cause per field, in field.ErrorList's words.
import { validate as deployment } from "kubernetes-models/_schemas/IoK8sApiAppsV1Deployment";
import { validate as selfSubjectAccessReview } from "kubernetes-models/_schemas/IoK8sApiAuthorizationV1SelfSubjectAccessReview";
import { validate as namespace } from "kubernetes-models/_schemas/IoK8sApiCoreV1Namespace";
import { validate as node } from "kubernetes-models/_schemas/IoK8sApiCoreV1Node";
import { validate as pod } from "kubernetes-models/_schemas/IoK8sApiCoreV1Pod";
import { validate as secret } from "kubernetes-models/_schemas/IoK8sApiCoreV1Secret";
import { validate as service } from "kubernetes-models/_schemas/IoK8sApiCoreV1Service";
import { validate as ingress } from "kubernetes-models/_schemas/IoK8sApiNetworkingV1Ingress";
import { validate as ingressClass } from "kubernetes-models/_schemas/IoK8sApiNetworkingV1IngressClass";
import { validate as networkPolicy } from "kubernetes-models/_schemas/IoK8sApiNetworkingV1NetworkPolicy";
import type { ResourceType } from "./emulator-discovery";
import { isObject, type JsonObject } from "./emulator-fields";
import { badRequest, invalid, type StatusCause } from "./emulator-status";
import type { KubeObject } from "./emulator-store";

interface SchemaError {
  instancePath: string;
  keyword: string;
  params: { missingProperty?: string; type?: string; allowedValues?: unknown[] };
  message?: string;
}
type Validator = ((data: unknown) => boolean) & { errors?: SchemaError[] | null };

const SCHEMAS: Record<string, Validator> = { deployment, selfSubjectAccessReview, namespace, node, pod, secret, service, ingress, ingressClass, networkPolicy };
const schemaOf = (kind: string) => SCHEMAS[kind.charAt(0).toLowerCase() + kind.slice(1)];

/** `/spec/template/spec/containers/0` → `spec.template.spec.containers[0]`. */
const fieldOf = (pointer: string) => pointer.split("/").slice(1).reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), "");

const show = (value: unknown) => (typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? "null");
const valueAtPointer = (object: unknown, pointer: string) => pointer.split("/").slice(1).reduce<unknown>((current, part) => (isObject(current) || Array.isArray(current) ? (current as JsonObject)[part] : undefined), object);

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN_WORDS = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_WORDS = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_WORDS = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

const required = (field: string, detail = ""): StatusCause => ({ reason: "FieldValueRequired", message: detail ? `Required value: ${detail}` : "Required value", field });
const invalidValue = (field: string, value: unknown, detail: string): StatusCause => ({ reason: "FieldValueInvalid", message: `Invalid value: ${show(value)}: ${detail}`, field });

function nameRules(type: ResourceType, name: string | undefined): StatusCause[] {
  if (!name) return [required("metadata.name", "name or generateName is required")];
  if (type.kind === "Service" && !DNS1035_LABEL.test(name)) return [invalidValue("metadata.name", name, DNS1035_WORDS)];
  if (type.kind === "Namespace" && !DNS1123_LABEL.test(name)) return [invalidValue("metadata.name", name, LABEL_WORDS)];
  if (!DNS1123_SUBDOMAIN.test(name) || name.length > 253) return [invalidValue("metadata.name", name, SUBDOMAIN_WORDS)];
  return [];
}

function podSpecRules(spec: unknown, at: string): StatusCause[] {
  if (!isObject(spec)) return [required(at)];
  const containers = spec.containers;
  if (!Array.isArray(containers) || containers.length === 0) return [required(`${at}.containers`)];
  return containers.flatMap((container, index) => (isObject(container) && !container.image ? [required(`${at}.containers[${index}].image`)] : []));
}

function deploymentRules(object: KubeObject): StatusCause[] {
  const spec = isObject(object.spec) ? object.spec : {};
  const causes: StatusCause[] = [];
  if (typeof spec.replicas === "number" && spec.replicas < 0) causes.push(invalidValue("spec.replicas", spec.replicas, "must be greater than or equal to 0"));
  const selector = isObject(spec.selector) ? spec.selector : undefined;
  const template = isObject(spec.template) ? spec.template : {};
  const labels = isObject(template.metadata) && isObject(template.metadata.labels) ? template.metadata.labels : {};
  const matchLabels = selector && isObject(selector.matchLabels) ? selector.matchLabels : {};
  if (!selector) causes.push(required("spec.selector"));
  else if (Object.keys(matchLabels).length === 0 && !Array.isArray(selector.matchExpressions)) causes.push(invalidValue("spec.selector", selector, "empty selector is invalid for deployment"));
  else if (Object.entries(matchLabels).some(([key, value]) => labels[key] !== value)) {
    const printed = `map[string]string{${Object.entries(labels).map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`).join(", ")}}`;
    causes.push({ reason: "FieldValueInvalid", message: `Invalid value: ${printed}: \`selector\` does not match template \`labels\``, field: "spec.template.metadata.labels" });
  }
  return [...causes, ...podSpecRules(template.spec, "spec.template.spec")];
}

/** Throws the API server's refusal of `object` as a `type`, or returns when it would be stored. */
export function validateObject(type: ResourceType, object: KubeObject): void {
  const schema = schemaOf(type.kind);
  if (schema && !schema(object)) {
    const errors = schema.errors ?? [];
    // A wrong JSON type fails decoding before validation: the API server answers 400, not 422.
    const typeError = errors.find((error) => error.keyword === "type");
    if (typeError) {
      const found = valueAtPointer(object, typeError.instancePath);
      const jsonType = Array.isArray(found) ? "array" : found === null ? "null" : typeof found;
      throw badRequest(`${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: json: cannot unmarshal ${jsonType} into Go struct field ${fieldOf(typeError.instancePath)} of type ${typeError.params.type}`);
    }
    const causes = errors.map((error): StatusCause => {
      if (error.keyword === "required") return required(fieldOf(`${error.instancePath}/${error.params.missingProperty}`));
      const value = valueAtPointer(object, error.instancePath);
      if (error.keyword === "enum") return { reason: "FieldValueNotSupported", message: `Unsupported value: ${show(value)}: supported values: ${(error.params.allowedValues ?? []).map(show).join(", ")}`, field: fieldOf(error.instancePath) };
      return invalidValue(fieldOf(error.instancePath), value, error.message ?? error.keyword);
    });
    throw invalid(type.kind, type.group, object.metadata?.name ?? "", causes);
  }
  const causes = [...nameRules(type, object.metadata?.name), ...(type.kind === "Deployment" ? deploymentRules(object) : type.kind === "Pod" ? podSpecRules(object.spec, "spec") : [])];
  if (causes.length > 0) throw invalid(type.kind, type.group, object.metadata?.name ?? "", causes);
}
