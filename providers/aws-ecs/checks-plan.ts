// Pure: what apply reads of the target before it changes anything, and what it requires of each; otherwise apply
// refuses, naming it. These reads back every enforcement claim that rests on something the target declares (the
// listener and its TLS policy, the HTTP redirect, the namespace) and on the target's shared security groups not
// undoing the app's own.
import type { DeploymentSpec, PlannedCheck } from "../types";
import type { AwsCoordinates } from "./target-schema";
import { behindListener } from "./load-balancer-plan";

/** Operation names as plans and enforcement evidence give them. */
export const CHECK = {
  subnets: "EC2.DescribeSubnets",
  sharedGroups: "EC2.DescribeSecurityGroups",
  listeners: "ELBv2.DescribeListeners",
  loadBalancer: "ELBv2.DescribeLoadBalancers",
  sslPolicy: "ELBv2.DescribeSSLPolicies",
  namespace: "ServiceDiscovery.ListNamespaces",
} as const;

export const usesServiceConnect = (spec: DeploymentSpec, c: AwsCoordinates) => !!spec.policy && !!c.serviceConnect;

export function checksOf(spec: DeploymentSpec, c: AwsCoordinates): PlannedCheck[] {
  if (!spec.policy) return [];
  const encryption = spec.policy.encryption;
  const listener = behindListener(spec, c) ? c.httpsListener! : undefined;
  const egress = encryption?.egressRestricted ? `, and nothing outbound beyond TCP 443 to ${encryption.egressAllowList.join(", ") || "nothing"}` : "";
  return [
    { operation: CHECK.subnets, reads: `the target's subnets ${c.subnets.join(", ")}`, requires: "they exist, all in one VPC, where the app's security group is made" },
    {
      operation: CHECK.sharedGroups,
      reads: `the target's shared security groups ${c.securityGroups.join(", ")}`,
      requires: `they exist in that VPC and allow nothing inbound from the target's subnets or from each other (apps meet only through their own groups)${egress}`,
    },
    ...(listener
      ? [
          { operation: CHECK.listeners, reads: `the target's HTTPS listener ${listener.listenerArn}`, requires: "it exists and speaks HTTPS" },
          { operation: CHECK.loadBalancer, reads: "the listener's load balancer", requires: "it is in the subnets' VPC; its security groups are the only ones let in on the app's port" },
        ]
      : []),
    ...(listener && encryption?.ingressTlsRequired
      ? [{ operation: CHECK.sslPolicy, reads: `the listener's ELB security policy (the target declares ${listener.sslPolicy})`, requires: `it accepts no TLS version below ${encryption.minTlsVersion}` }]
      : []),
    ...(listener && encryption?.httpRedirectToHttps
      ? [{ operation: CHECK.listeners, reads: "the load balancer's HTTP listener on port 80", requires: "its default action redirects to HTTPS and none of its rules forwards plain HTTP to a target group" }]
      : []),
    ...(usesServiceConnect(spec, c) ? [{ operation: CHECK.namespace, reads: `the Service Connect namespace ${c.serviceConnect!.namespace}`, requires: "it exists in the target's Region" }] : []),
  ];
}
