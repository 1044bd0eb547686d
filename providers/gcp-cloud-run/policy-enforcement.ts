// Pure: how Cloud Run meets each policy setting — managed HTTPS and the ingress setting, Direct VPC
// egress, IAM roles/run.invoker for links — or why it cannot. plan.ts renders it; validate refuses on it.
import { createHash } from "node:crypto";
import { encryptionRefusals, enforcementList, linkProblems, linksOf, notRequired, requires } from "../policy-rendering";
import type { DeploymentSpec, EncryptionSetting, PlannedCheck, PlannedRoute, PolicyCapabilities, SettingEnforcement, SpecProblem } from "../types";
import type { GcpCoordinates } from "./target-schema";
import { CHECKS, OPERATIONS } from "./operations";

export const policyCapabilities: PolicyCapabilities = {
  ingressTlsRequired: "native",
  minTlsVersion: "with target",
  httpRedirectToHttps: "native",
  serviceToServiceEncrypted: "native",
  serviceToServiceMutualAuth: "native",
  egressRestricted: "with target",
  nonRoot: "no",
  readOnlyRootFilesystem: "no",
  noPrivileged: "native",
  dropCapabilities: "no",
  links: "native",
};

/**
 * Each app runs as its own service account on each target, so a callee's IAM policy can name exactly its linked
 * callers, and destroying the app in one region never removes the identity it runs as in another (accounts are per
 * project, services per region; links, like secrets, stay within a target). Account ids allow 6–30 characters of
 * `[a-z]([-a-z0-9]*[a-z0-9])`: a readable prefix plus a hash of region and name keeps them unique.
 */
export function accountIdOf(name: string, c: GcpCoordinates): string {
  const hash = createHash("sha256").update(`${c.region}/${name}`).digest("hex").slice(0, 6);
  return `bh-${name.slice(0, 17).replace(/-+$/, "")}-${hash}`;
}

export const serviceAccountOf = (name: string, c: GcpCoordinates) => `${accountIdOf(name, c)}@${c.projectId}.iam.gserviceaccount.com`;

/** Public services go through the target's load balancer when the policy needs its SSL policy. */
export function usesLoadBalancer(spec: DeploymentSpec, c: GcpCoordinates): boolean {
  const encryption = spec.policy?.encryption;
  return spec.ingress === "public" && !!encryption?.ingressTlsRequired && !!c.loadBalancer;
}

export function egressRestricted(spec: DeploymentSpec, c: GcpCoordinates): boolean {
  return !!spec.policy?.encryption?.egressRestricted && !!c.vpc;
}

function encryptionEnforcement(spec: DeploymentSpec, c: GcpCoordinates, setting: EncryptionSetting): SettingEnforcement {
  const policy = spec.policy!.encryption!;
  if (!requires(policy, setting)) return notRequired(setting);
  const lb = usesLoadBalancer(spec, c) ? c.loadBalancer : undefined;
  const unsupported = (detail: string): SettingEnforcement => ({ setting, by: "unsupported", construct: "none", detail });
  switch (setting) {
    case "ingressTlsRequired":
      if (lb) {
        return {
          setting,
          by: "target",
          construct: `load balancer HTTPS front end (SSL policy ${lb.sslPolicy}) + ingress INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER`,
          detail: "Only the load balancer reaches the service; apply reads back that a forwarding rule serves the HTTPS proxy using the SSL policy, and that any plain-HTTP front end on its addresses only redirects.",
          evidence: { check: CHECKS.httpsFrontEnd },
        };
      }
      return { setting, by: "inherent", construct: "Cloud Run managed HTTPS (Google-managed certificate on the service URL)", detail: "The service URL answers only over HTTPS; TLS ends at Google's front end." };
    case "minTlsVersion":
      if (spec.ingress === "internal") return unsupported("Cloud Run's service URL has no minimum TLS version setting, and internal services are not behind a load balancer");
      if (!c.loadBalancer) return unsupported("Cloud Run's service URL has no minimum TLS version setting; the target needs an external HTTPS load balancer with an SSL policy");
      if (c.loadBalancer.minTlsVersion < policy.minTlsVersion) {
        return unsupported(`the target's SSL policy ${c.loadBalancer.sslPolicy} allows TLS ${c.loadBalancer.minTlsVersion}, below the required ${policy.minTlsVersion}`);
      }
      return {
        setting,
        by: "target",
        construct: `SSL policy ${c.loadBalancer.sslPolicy} (TLS ${c.loadBalancer.minTlsVersion}+) + ingress INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER`,
        detail: `Only the load balancer reaches the service, and it refuses older TLS versions; apply reads the SSL policy back and refuses if it is missing or allows less than TLS ${policy.minTlsVersion}.`,
        evidence: { check: CHECKS.sslPolicy },
      };
    case "httpRedirectToHttps":
      if (lb && !lb.redirectsHttp) return unsupported("the target's load balancer does not redirect HTTP to HTTPS");
      return lb
        ? {
            setting,
            by: "target",
            construct: "load balancer HTTP→HTTPS redirect (URL map defaultUrlRedirect.httpsRedirect)",
            detail: "The target's load balancer answers plain HTTP with a redirect; apply reads back its HTTP front ends and their URL maps and refuses if none redirects or one serves plain HTTP.",
            evidence: { check: CHECKS.httpRedirect },
          }
        : { setting, by: "inherent", construct: "Cloud Run HTTP→HTTPS redirect", detail: "Cloud Run redirects every HTTP request on the service URL to HTTPS." };
    case "serviceToServiceEncrypted":
      return { setting, by: "inherent", construct: "HTTPS service URL", detail: "Linked callers reach the service on its HTTPS URL; Cloud Run takes no plaintext from outside its sandbox." };
    case "serviceToServiceMutualAuth":
      if (spec.ingress === "public") return unsupported("a public Cloud Run service grants roles/run.invoker to allUsers, so callers cannot be authenticated; make the app internal");
      return {
        setting,
        by: "request",
        construct: "template.serviceAccount + IAM roles/run.invoker",
        detail: "TLS authenticates the service; callers authenticate with a Google-signed ID token of their own service account, which IAM checks against the linked callers.",
        evidence: { request: OPERATIONS.setInvokers },
      };
    case "egressRestricted":
      if (!c.vpc) return unsupported("Cloud Run restricts egress only through a VPC, and the target names none");
      return {
        setting,
        by: "request",
        construct: `template.vpcAccess (Direct VPC egress ALL_TRAFFIC via ${c.vpc.network})`,
        detail: `All egress leaves through the target's VPC, whose firewall policy must allow TCP 443 only to: ${policy.egressAllowList.join(", ") || "nothing"}.`,
        evidence: { request: OPERATIONS.createService },
      };
  }
}

const HARDENING: SettingEnforcement[] = [
  { setting: "nonRoot", by: "unsupported", construct: "none", detail: "Cloud Run runs the image's USER and has no runAsUser: the approved base image must set a non-root USER." },
  { setting: "readOnlyRootFilesystem", by: "unsupported", construct: "none", detail: "Cloud Run's filesystem is writable, in memory, and discarded with the instance." },
  { setting: "noPrivileged", by: "inherent", construct: "Cloud Run sandbox", detail: "Cloud Run has no privileged mode; each instance runs in its own sandbox." },
  { setting: "dropCapabilities", by: "unsupported", construct: "none", detail: "Cloud Run has no securityContext; the sandbox limits what the process can reach." },
];

export function enforcementOf(spec: DeploymentSpec, c: GcpCoordinates): SettingEnforcement[] {
  return enforcementList(spec, (s) => encryptionEnforcement(spec, c, s), HARDENING);
}

/**
 * What apply reads of the target's load balancer before it changes anything, when the service sits behind it: the SSL
 * policy (its minimum TLS), the HTTPS front end that uses it, and the plain-HTTP front ends on the same addresses.
 */
export function loadBalancerChecks(spec: DeploymentSpec, c: GcpCoordinates): PlannedCheck[] {
  if (!usesLoadBalancer(spec, c)) return [];
  const { sslPolicy } = c.loadBalancer!;
  const { minTlsVersion, httpRedirectToHttps } = spec.policy!.encryption!;
  const policyPath = `projects/${c.projectId}/global/sslPolicies/${sslPolicy}`;
  return [
    { operation: CHECKS.sslPolicy, reads: `the target's SSL policy ${policyPath}`, requires: `it exists and its minTlsVersion is TLS ${minTlsVersion} or higher` },
    { operation: CHECKS.httpsFrontEnd, reads: `the target HTTPS proxies that use ${sslPolicy} and the global forwarding rules serving them`, requires: "a forwarding rule serves an HTTPS proxy that uses the SSL policy" },
    {
      operation: CHECKS.httpRedirect,
      reads: "the forwarding rules to target HTTP proxies on the same addresses, those proxies and their URL maps",
      requires: `each URL map answers with defaultUrlRedirect.httpsRedirect${httpRedirectToHttps ? ", and there is at least one" : ""}`,
    },
  ];
}

/** The role that lets a principal call a Cloud Run service ("Cloud Run Invoker"). */
export const INVOKER_ROLE = "roles/run.invoker";

/** The apps allowed to call this one: its linked callers (public apps admit anyone instead). */
export const linkedCallers = (spec: DeploymentSpec) => [...new Set(linksOf(spec).inbound.map((l) => l.from))].sort();

/**
 * The invoker policy SetIamPolicy gives the service: the internet for public apps, else only linked callers. Apply
 * names only the callers whose accounts exist (`existing`, emails), as IAM refuses any other.
 */
export function invokerPolicy(spec: DeploymentSpec, c: GcpCoordinates, existing?: readonly string[]) {
  const callers = linkedCallers(spec).map((name) => serviceAccountOf(name, c)).filter((email) => !existing || existing.includes(email));
  const members = spec.ingress === "public" ? ["allUsers"] : callers.map((email) => `serviceAccount:${email}`);
  return { bindings: members.length ? [{ role: INVOKER_ROLE, members: [...new Set(members)].sort() }] : [] };
}

export function routesOf(spec: DeploymentSpec, c: GcpCoordinates): PlannedRoute[] {
  const { inbound, outbound } = linksOf(spec);
  return [
    ...inbound.map((l): PlannedRoute => ({ direction: "inbound", peer: l.from, port: l.port, construct: "IAM roles/run.invoker", rule: { role: INVOKER_ROLE, member: `serviceAccount:${serviceAccountOf(l.from, c)}` } })),
    ...outbound.map((l): PlannedRoute => ({
      direction: "outbound",
      peer: l.to,
      port: l.port,
      construct: "ID token of the app's service account",
      rule: { serviceAccount: serviceAccountOf(spec.name, c), invokes: `projects/${c.projectId}/locations/${c.region}/services/${l.to}` },
    })),
  ];
}

export function policyProblems(spec: DeploymentSpec, c: GcpCoordinates): SpecProblem[] {
  if (!spec.policy) return [];
  return [...linkProblems(spec), ...encryptionRefusals(enforcementOf(spec, c))];
}
