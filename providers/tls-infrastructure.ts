// What a target offers for encryption in transit, in words, for the operators' targets list.
import type { TargetCoordinates } from "./types";

export function tlsInfrastructure(c: TargetCoordinates): string[] {
  switch (c.kind) {
    case "aws-ecs":
      return [
        c.httpsListener && `HTTPS listener (${c.httpsListener.sslPolicy}${c.httpsListener.redirectsHttp ? ", HTTP redirects" : ""})`,
        c.serviceConnect && `Service Connect TLS (${c.serviceConnect.namespace})`,
      ].filter((item): item is string => !!item);
    case "azure-aci":
      return [c.tlsSidecar && "TLS sidecar", c.subnetId && "delegated subnet (its NSG takes link and egress rules)"].filter((item): item is string => !!item);
    case "gcp-cloud-run":
      return [
        "managed HTTPS",
        c.loadBalancer && `load balancer ${c.loadBalancer.sslPolicy} (TLS ${c.loadBalancer.minTlsVersion}+${c.loadBalancer.redirectsHttp ? ", HTTP redirects" : ""})`,
        c.vpc && `VPC ${c.vpc.network}`,
      ].filter((item): item is string => !!item);
  }
}
