// Label and field selectors as the API server reads them from `?labelSelector=` and `?fieldSelector=`
// (https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors,
// https://kubernetes.io/docs/concepts/overview/working-with-objects/field-selectors/).
import { badRequest } from "./emulator-status";

export type Labels = Record<string, string>;
type Requirement = (labels: Labels) => boolean;

/** Splits on commas outside parentheses: `app in (a,b),tier=web` has two requirements. */
function requirements(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of text) {
    if (char === "(") depth++;
    if (char === ")") depth--;
    if (char === "," && depth === 0) {
      parts.push(current.trim());
      current = "";
    } else current += char;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

function requirement(text: string): Requirement {
  const set = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(text);
  if (set) {
    const [, key, operator, values] = set;
    const members = values.split(",").map((value) => value.trim());
    return operator === "in" ? (labels) => key in labels && members.includes(labels[key]) : (labels) => !(key in labels) || !members.includes(labels[key]);
  }
  const compare = /^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/.exec(text);
  if (compare) {
    const [, key, operator, value] = compare;
    return operator === "!=" ? (labels) => labels[key] !== value : (labels) => labels[key] === value;
  }
  const exists = /^(!?)([\w./-]+)$/.exec(text);
  if (exists) return exists[1] ? (labels) => !(exists[2] in labels) : (labels) => exists[2] in labels;
  throw badRequest(`unable to parse requirement: found '${text}', expected: in, notin, =, ==, !=, gt, lt`);
}

/** The test a `labelSelector` query stands for; an empty selector matches everything. */
export function labelSelector(text: string | null): (labels: Labels) => boolean {
  const tests = requirements(text ?? "").map(requirement);
  return (labels) => tests.every((test) => test(labels));
}

type Fielded = { metadata: { name: string; namespace?: string }; [field: string]: unknown };

/** A dotted path into an object, as a string ("" when absent): `involvedObject.name`. */
const at = (object: Fielded, path: string) => {
  const value = path.split(".").reduce<unknown>((current, part) => (current !== null && typeof current === "object" ? (current as Record<string, unknown>)[part] : undefined), object);
  return value === undefined || value === null ? "" : String(value);
};

/**
 * The fields a resource may be selected by beyond `metadata.name` and `metadata.namespace`, which every resource
 * supports. Events add those of pkg/apis/core/v1's Event field label conversion (what `kubectl get events
 * --field-selector involvedObject.name=…` sends); `source` is `source.component`.
 */
const EXTRA_FIELDS: Record<string, Record<string, string>> = {
  events: Object.fromEntries([
    ...["kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"].map((field) => [`involvedObject.${field}`, `involvedObject.${field}`]),
    ["reason", "reason"],
    ["reportingComponent", "reportingComponent"],
    ["source", "source.component"],
    ["type", "type"],
  ]),
};

/** The test a `fieldSelector` query stands for on `resource` (a plural); an empty selector matches everything. */
export function fieldSelector(text: string | null, resource = ""): (object: Fielded) => boolean {
  const fields: Record<string, string> = { "metadata.name": "metadata.name", "metadata.namespace": "metadata.namespace", ...EXTRA_FIELDS[resource] };
  const tests = requirements(text ?? "").map((part) => {
    const match = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
    const path = match ? fields[match[1]] : undefined;
    if (!match || !path) throw badRequest(`"${part.split(/[!=]/)[0]}" is not a known field selector: only ${Object.keys(fields).map((field) => `"${field}"`).join(", ")}`);
    const [, , operator, value] = match;
    return operator === "!=" ? (object: Fielded) => at(object, path) !== value : (object: Fielded) => at(object, path) === value;
  });
  return (object) => tests.every((test) => test(object));
}

export interface LabelSelectorObject {
  matchLabels?: Labels;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** A Deployment's `spec.selector` against a pod's labels. */
export function matchesSelector(selector: LabelSelectorObject | undefined, labels: Labels): boolean {
  if (!selector) return false;
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const byExpression = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    if (operator === "In") return values.includes(labels[key]);
    if (operator === "NotIn") return !values.includes(labels[key]);
    if (operator === "Exists") return key in labels;
    return !(key in labels);
  });
  return byLabel && byExpression;
}
