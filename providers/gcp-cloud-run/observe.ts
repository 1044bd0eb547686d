import type { protos } from "@google-cloud/run";
import { byName, differences } from "../drift";
import type { DeploymentSpec, GcpCoordinates, Observation } from "../types";
import { serviceRequests } from "./plan";
import { invokerPolicy } from "./policy";

type Service = protos.google.cloud.run.v2.IService;
type Policy = protos.google.iam.v1.IPolicy;

/** Enums travel as names over gRPC and as numbers over HTTP/JSON: compare names. */
const enumName = (value: unknown, names: Record<string, unknown>) => (typeof value === "number" ? Object.keys(names).find((key) => names[key] === value) : value);

/** A variable as a plain value or a Secret Manager reference, without the empty fields protobuf fills in. */
const variables = (env: protos.google.cloud.run.v2.IEnvVar[] | null | undefined) =>
  byName(
    (env ?? []).map((v) => {
      const ref = v.valueSource?.secretKeyRef;
      return ref ? { name: v.name ?? undefined, secret: ref.secret, version: ref.version } : { name: v.name ?? undefined, value: v.value ?? "" };
    }),
  );

const invokers = (policy: Policy | null | undefined) =>
  (policy?.bindings ?? []).filter((binding) => binding.role === "roles/run.invoker").flatMap((binding) => binding.members ?? []).sort();

/**
 * The service read back against the one apply sends for `spec`: ingress, scaling, the container's image, size and
 * variables, the service account, and, under policy, who may invoke it. Null service: it is gone.
 */
export function observeService(found: Service | null, policy: Policy | null, spec: DeploymentSpec, c: GcpCoordinates, ingressNames: Record<string, unknown>): Observation {
  if (!found) return { missing: true };
  const expected = serviceRequests(spec, c).update.service!;
  const [want, have] = [expected.template?.containers?.[0], found.template?.containers?.[0]];
  return {
    missing: false,
    drift: differences([
      ["ingress", enumName(expected.ingress, ingressNames), enumName(found.ingress, ingressNames)],
      ["template.scaling.minInstanceCount", expected.template?.scaling?.minInstanceCount ?? 0, found.template?.scaling?.minInstanceCount ?? 0],
      ["template.scaling.maxInstanceCount", expected.template?.scaling?.maxInstanceCount ?? 0, found.template?.scaling?.maxInstanceCount ?? 0],
      ["template.serviceAccount", expected.template?.serviceAccount || undefined, found.template?.serviceAccount || undefined],
      ["image", want?.image, have?.image],
      ["resources.limits", want?.resources?.limits, { ...(have?.resources?.limits ?? {}) }],
      ["env", variables(want?.env), variables(have?.env)],
      ...(spec.policy ? [["invokers", invokers(invokerPolicy(spec, c)), invokers(policy)] as [string, unknown, unknown]] : []),
    ]),
  };
}
