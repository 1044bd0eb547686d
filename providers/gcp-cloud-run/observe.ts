import type { protos } from "@google-cloud/run";
import { byName, differences } from "../drift";
import type { DeploymentSpec, Observation } from "../types";
import type { GcpCoordinates } from "./target-schema";
import { invokersOf } from "./invokers";
import { serviceRequests } from "./plan";
import { serviceAccountOf } from "./policy-enforcement";
import type { Account } from "./service-account-store";

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

/** What observe reads beside the service: its invoker policy and who should be in it, its account, its load balancer. */
export interface ReadBack {
  policy: Policy | null;
  /** The invokers the plan allows that can be bound now (the public, or the linked callers whose accounts exist). */
  allowedInvokers: string[];
  /** The app's own account, when it runs as one: null if IAM has none. */
  account?: Account | null;
  /** What is wrong with the target's load balancer, when the service sits behind it. */
  loadBalancer?: string[];
}

const accountState = (account: Account | null | undefined) => (account ? { email: account.email, disabled: !!account.disabled } : "missing");

/**
 * The service read back against the one apply sends for `spec`: ingress, scaling, the container's image, size and
 * variables, the service account; under policy, who may invoke it; the account it runs as; and the load balancer
 * it relies on. Null service: it is gone.
 */
export function observeService(found: Service | null, read: ReadBack, spec: DeploymentSpec, c: GcpCoordinates, ingressNames: Record<string, unknown>): Observation {
  if (!found) return { missing: true };
  const expected = serviceRequests(spec, c).update.service!;
  const [want, have] = [expected.template?.containers?.[0], found.template?.containers?.[0]];
  const extra: [string, unknown, unknown][] = [
    ...(spec.policy ? [["invokers", [...read.allowedInvokers].sort(), invokersOf(read.policy)] as [string, unknown, unknown]] : []),
    ...(read.account !== undefined ? [["serviceAccount", { email: serviceAccountOf(spec.name, c), disabled: false }, accountState(read.account)] as [string, unknown, unknown]] : []),
    ...(read.loadBalancer ? [["loadBalancer", [], read.loadBalancer] as [string, unknown, unknown]] : []),
  ];
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
      ...extra,
    ]),
  };
}
