// An external Application Load Balancer, made in the emulator through Compute's REST API as an operator would make it
// in a project: an SSL policy, an HTTPS front end that uses it (URL map, target HTTPS proxy, forwarding rule on 443)
// and, as asked, an HTTP front end on the same address that redirects to HTTPS or serves plain HTTP. For the sandbox
// target and tests; what exists already is kept (409), so a restarted sandbox finds its load balancer as it was.
import type { TlsVersion } from "../types";

export interface EmulatedLoadBalancer {
  project: string;
  /** Prefix of every resource's name; the SSL policy is named `sslPolicy`. */
  name: string;
  sslPolicy: string;
  minTlsVersion: TlsVersion | "1.0" | "1.1";
  /** What answers plain HTTP on the load balancer's address: a redirect to HTTPS, the backend itself, or nothing. */
  http: "redirect" | "plain" | "none";
  address: string;
}

export async function makeLoadBalancer(endpoint: string, lb: EmulatedLoadBalancer): Promise<void> {
  const global = `/compute/v1/projects/${lb.project}/global`;
  const insert = async (collection: string, body: object) => {
    const response = await fetch(`${endpoint}${global}/${collection}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (!response.ok && response.status !== 409) throw new Error(`Compute refused ${collection} ${JSON.stringify(body)}: ${response.status} ${await response.text()}`);
  };
  const backend = `${global}/backendServices/${lb.name}-run`;
  await insert("sslPolicies", { name: lb.sslPolicy, profile: "MODERN", minTlsVersion: `TLS_${lb.minTlsVersion.replace(".", "_")}` });
  await insert("urlMaps", { name: lb.name, defaultService: backend });
  await insert("targetHttpsProxies", { name: `${lb.name}-https`, urlMap: `global/urlMaps/${lb.name}`, sslCertificates: [`global/sslCertificates/${lb.name}`], sslPolicy: `global/sslPolicies/${lb.sslPolicy}` });
  await insert("forwardingRules", { name: `${lb.name}-443`, target: `global/targetHttpsProxies/${lb.name}-https`, portRange: "443", IPAddress: lb.address });
  if (lb.http === "none") return;
  await insert("urlMaps", lb.http === "redirect" ? { name: `${lb.name}-redirect`, defaultUrlRedirect: { httpsRedirect: true, redirectResponseCode: "MOVED_PERMANENTLY_DEFAULT" } } : { name: `${lb.name}-redirect`, defaultService: backend });
  await insert("targetHttpProxies", { name: `${lb.name}-http`, urlMap: `global/urlMaps/${lb.name}-redirect` });
  await insert("forwardingRules", { name: `${lb.name}-80`, target: `global/targetHttpProxies/${lb.name}-http`, portRange: "80", IPAddress: lb.address });
}
