// The target's load balancer read back through the Compute API before apply relies on it (the plan's checks, see
// loadBalancerChecks in policy-enforcement.ts): the SSL policy the target names must exist and allow no TLS below the policy's
// minimum, an HTTPS proxy using it must be served by a forwarding rule, and every plain-HTTP front end on the same
// addresses must only redirect to HTTPS (and one must, when the policy asks for the redirect). Each problem is a
// sentence naming the resource; apply refuses on any, observe reports them as drift.
import type { DeploymentSpec, TlsVersion } from "../types";
import type { GcpCoordinates } from "./target-schema";
import { RestCallError, type GoogleRest } from "./rest-client";

interface SslPolicy {
  minTlsVersion?: string;
}
interface Proxy {
  name: string;
  selfLink: string;
  sslPolicy?: string;
  urlMap?: string;
}
interface ForwardingRule {
  name: string;
  IPAddress?: string;
  target?: string;
  portRange?: string;
}
interface UrlMap {
  name: string;
  defaultUrlRedirect?: { httpsRedirect?: boolean };
}

/** Compute's minTlsVersion values in order (sslPolicies resource). */
const TLS_ORDER = ["TLS_1_0", "TLS_1_1", "TLS_1_2", "TLS_1_3"];
const computeTls = (version: TlsVersion) => `TLS_${version.replace(".", "_")}`;
/** A Compute reference or selfLink, reduced to `projects/{p}/global/{collection}/{name}` for comparison. */
const resourcePath = (link: string | undefined) => /projects\/[^/]+\/global\/[A-Za-z]+\/[^/]+$/.exec(link ?? "")?.[0];

async function listAll<T>(rest: GoogleRest, path: string): Promise<T[]> {
  const items: T[] = [];
  for (let token = ""; ; ) {
    const page = await rest.request<{ items?: T[]; nextPageToken?: string }>("compute", "GET", `${path}${token ? `?pageToken=${encodeURIComponent(token)}` : ""}`);
    items.push(...(page.items ?? []));
    if (!page.nextPageToken) return items;
    token = page.nextPageToken;
  }
}

async function getOrNull<T>(rest: GoogleRest, path: string): Promise<T | null> {
  try {
    return await rest.request<T>("compute", "GET", path);
  } catch (error) {
    if (error instanceof RestCallError && error.httpStatus === 404) return null;
    throw error;
  }
}

/** What is wrong with the target's load balancer for this spec; empty when it enforces what the plan says. */
export async function loadBalancerProblems(rest: GoogleRest, spec: DeploymentSpec, c: GcpCoordinates): Promise<string[]> {
  const { sslPolicy } = c.loadBalancer!;
  const { minTlsVersion, httpRedirectToHttps } = spec.policy!.encryption!;
  const base = `/compute/v1/projects/${c.projectId}/global`;
  const policyPath = `projects/${c.projectId}/global/sslPolicies/${sslPolicy}`;

  const policy = await getOrNull<SslPolicy>(rest, `${base}/sslPolicies/${sslPolicy}`);
  if (!policy) return [`The target's SSL policy ${policyPath} does not exist`];
  const problems: string[] = [];
  const actual = policy.minTlsVersion ?? "TLS_1_0";
  if (TLS_ORDER.indexOf(actual) < TLS_ORDER.indexOf(computeTls(minTlsVersion))) problems.push(`The target's SSL policy ${policyPath} allows ${actual}, below the required TLS ${minTlsVersion}`);

  const proxies = (await listAll<Proxy>(rest, `${base}/targetHttpsProxies`)).filter((p) => resourcePath(p.sslPolicy) === policyPath);
  const rules = await listAll<ForwardingRule>(rest, `${base}/forwardingRules`);
  const proxyPaths = new Set(proxies.map((p) => resourcePath(p.selfLink)));
  const https = rules.filter((r) => proxyPaths.has(resourcePath(r.target)));
  if (!https.length) {
    problems.push(`No forwarding rule serves a target HTTPS proxy that uses ${policyPath}, so the SSL policy applies to no load balancer`);
    return problems;
  }

  const addresses = new Set(https.map((r) => r.IPAddress));
  const plain = rules.filter((r) => addresses.has(r.IPAddress) && /\/targetHttpProxies\//.test(r.target ?? ""));
  if (httpRedirectToHttps && !plain.length) problems.push(`Nothing on the load balancer's address ${[...addresses].join(", ")} answers plain HTTP with a redirect to HTTPS`);
  for (const rule of plain) {
    const proxy = await getOrNull<Proxy>(rest, `/compute/v1/${resourcePath(rule.target)}`);
    const map = proxy && (await getOrNull<UrlMap>(rest, `/compute/v1/${resourcePath(proxy.urlMap)}`));
    if (!map?.defaultUrlRedirect?.httpsRedirect) problems.push(`Forwarding rule ${rule.name} serves plain HTTP on ${rule.IPAddress} without redirecting to HTTPS (URL map ${map?.name ?? "missing"})`);
  }
  return problems;
}
