// Pure: how ECS on Fargate meets each policy setting — an HTTPS listener with an ELB security policy
// for ingress, Service Connect TLS between services, the app's own security group for links and egress — or
// why it cannot. Every enforced setting names its evidence: the request apply sends (requests of the plan) or
// the read-back apply makes of what the target declares (checks of the plan, checks-plan.ts). plan.ts renders
// it into the requests; validate refuses on it.
import { encryptionRefusals, enforcementList, isCidr, linkProblems, linksOf, notRequired, requires } from "../policy-rendering";
import type { DeploymentSpec, EncryptionSetting, PlannedRoute, PolicyCapabilities, SettingEnforcement, SpecProblem, TlsVersion } from "../types";
import type { AwsCoordinates } from "./target-schema";
import { CHECK } from "./checks-plan";
import { groupNameOf, groupRules } from "./security-group-plan";

export const policyCapabilities: PolicyCapabilities = {
  ingressTlsRequired: "with target",
  minTlsVersion: "with target",
  httpRedirectToHttps: "with target",
  serviceToServiceEncrypted: "with target",
  serviceToServiceMutualAuth: "no",
  egressRestricted: "with target",
  nonRoot: "native",
  readOnlyRootFilesystem: "native",
  noPrivileged: "native",
  dropCapabilities: "native",
  links: "native",
};

/** Lowest TLS version each predefined ELB security policy accepts (Elastic Load Balancing documentation). */
const ELB_POLICY_MIN_TLS: Record<string, TlsVersion | "1.0" | "1.1"> = {
  "ELBSecurityPolicy-TLS13-1-3-2021-06": "1.3",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04": "1.3",
  "ELBSecurityPolicy-TLS13-1-2-2021-06": "1.2",
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06": "1.2",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06": "1.2",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06": "1.2",
  "ELBSecurityPolicy-TLS-1-2-2017-01": "1.2",
  "ELBSecurityPolicy-TLS-1-2-Ext-2018-06": "1.2",
  "ELBSecurityPolicy-FS-1-2-Res-2020-10": "1.2",
  "ELBSecurityPolicy-TLS13-1-1-2021-06": "1.1",
  "ELBSecurityPolicy-TLS-1-1-2017-01": "1.1",
  "ELBSecurityPolicy-TLS13-1-0-2021-06": "1.0",
  "ELBSecurityPolicy-2016-08": "1.0",
};

function encryptionEnforcement(spec: DeploymentSpec, c: AwsCoordinates, setting: EncryptionSetting): SettingEnforcement {
  const policy = spec.policy!.encryption!;
  if (!requires(policy, setting)) return notRequired(setting);
  const unsupported = (detail: string): SettingEnforcement => ({ setting, by: "unsupported", construct: "none", detail });
  const listener = c.httpsListener;
  const sc = c.serviceConnect;
  const publicApp = spec.ingress === "public";
  switch (setting) {
    case "ingressTlsRequired":
      if (publicApp) {
        if (!listener) return unsupported("ECS terminates no TLS itself; the target needs an HTTPS listener on a load balancer");
        return {
          setting,
          by: "target",
          construct: `ALB HTTPS listener ${listener.listenerArn} (a listener rule to the app's target group; CreateService loadBalancers[])`,
          detail: "Tasks get no public IP, and the app's security group lets in only the load balancer: the only way in is the HTTPS listener, which apply reads back first.",
          evidence: { check: CHECK.listeners },
        };
      }
      if (!sc) return unsupported("internal ECS apps are reached through Service Connect, and the target has no Service Connect TLS");
      return {
        setting,
        by: "request",
        construct: "Service Connect TLS (serviceConnectConfiguration.services[].tls)",
        detail: "Callers reach the app only through the Service Connect proxy, which speaks TLS.",
        evidence: { request: "CreateService" },
      };
    case "minTlsVersion": {
      if (!publicApp) return unsupported("Service Connect TLS has no minimum TLS version setting Bulkhead can set or check");
      if (!listener) return unsupported("ECS has no TLS of its own; the target needs an HTTPS listener whose ELB security policy sets the minimum");
      const min = ELB_POLICY_MIN_TLS[listener.sslPolicy];
      if (!min) return unsupported(`the listener's ELB security policy ${listener.sslPolicy} is not one Bulkhead knows the TLS versions of`);
      if (min < policy.minTlsVersion) return unsupported(`the listener's ELB security policy ${listener.sslPolicy} accepts TLS ${min}, below the required ${policy.minTlsVersion}`);
      return {
        setting,
        by: "target",
        construct: `ELB security policy ${listener.sslPolicy} (TLS ${min}+)`,
        detail: "The listener refuses handshakes below the minimum version; apply reads the listener's policy and its protocols back and refuses if they allow less.",
        evidence: { check: CHECK.sslPolicy },
      };
    }
    case "httpRedirectToHttps":
      if (!publicApp) {
        if (!sc) return unsupported("internal ECS apps are reached through Service Connect, and the target has no Service Connect TLS");
        return { setting, by: "inherent", construct: "Service Connect proxy", detail: "There is no plain HTTP way in: callers only reach the app through their TLS-speaking proxy." };
      }
      if (!listener?.redirectsHttp) return unsupported("the target's load balancer has no HTTP listener that redirects to HTTPS");
      return {
        setting,
        by: "target",
        construct: "ALB HTTP listener with a redirect action to HTTPS",
        detail: "Plain HTTP to the load balancer is answered with a redirect; apply reads the HTTP listener back and refuses if it forwards instead.",
        evidence: { check: CHECK.listeners },
      };
    case "serviceToServiceEncrypted":
      if (!sc) return unsupported("the target has no Service Connect namespace with a Private CA for TLS");
      return {
        setting,
        by: "request",
        construct: `Service Connect TLS (Private CA ${sc.privateCaArn})`,
        detail: "Service Connect proxies encrypt every call between linked services.",
        evidence: { request: "CreateService" },
      };
    case "serviceToServiceMutualAuth":
      return unsupported("Service Connect TLS authenticates the server only; ECS offers no mutual TLS between services");
    case "egressRestricted": {
      const names = policy.egressAllowList.filter((d) => !isCidr(d));
      if (names.length) return unsupported(`security groups filter by address, not by name: ${names.join(", ")} must be given as CIDRs for ECS`);
      return {
        setting,
        by: "request",
        construct: `egress rules of security group ${groupNameOf(spec.name, c)} (its default outbound rule revoked)`,
        detail: `Egress only on TCP 443, only to: ${policy.egressAllowList.join(", ") || "nothing"} (plus linked apps); apply checks the target's shared groups allow no more.`,
        evidence: { request: "EC2.RevokeSecurityGroupEgress" },
      };
    }
  }
}

const HARDENING: SettingEnforcement[] = [
  { setting: "nonRoot", by: "request", construct: "containerDefinitions[].user 1000:1000", detail: "The container runs as an unprivileged uid:gid.", evidence: { request: "RegisterTaskDefinition" } },
  { setting: "readOnlyRootFilesystem", by: "request", construct: "containerDefinitions[].readonlyRootFilesystem", detail: "Only the task-scoped /tmp volume is writable.", evidence: { request: "RegisterTaskDefinition" } },
  { setting: "noPrivileged", by: "inherent", construct: "Fargate", detail: "Fargate never runs privileged containers." },
  { setting: "dropCapabilities", by: "request", construct: "linuxParameters.capabilities.drop [ALL]", detail: "Every Linux capability is dropped.", evidence: { request: "RegisterTaskDefinition" } },
];

export function enforcementOf(spec: DeploymentSpec, c: AwsCoordinates): SettingEnforcement[] {
  return enforcementList(spec, (s) => encryptionEnforcement(spec, c, s), HARDENING);
}

/**
 * Security-group rules between the two apps' own groups: all a link opens, and only on its port. The callee's group
 * lets the caller's in; the caller's lets traffic out to the callee's (a rule of its own only when egress is
 * restricted: otherwise its group already allows all outbound traffic).
 */
export function routesOf(spec: DeploymentSpec, c: AwsCoordinates): PlannedRoute[] {
  const { inbound, outbound } = linksOf(spec);
  const restricted = groupRules(spec, c).every((r) => !r.egress || r.protocol === "tcp");
  const rule = (from: string, to: string, port: number) => ({ IpProtocol: "tcp", FromPort: port, ToPort: port, source: groupNameOf(from, c), destination: groupNameOf(to, c) });
  return [
    ...inbound.map((l): PlannedRoute => ({ direction: "inbound", peer: l.from, port: l.port, construct: `ingress rule of security group ${groupNameOf(spec.name, c)}`, rule: rule(l.from, l.to, l.port) })),
    ...outbound.map(
      (l): PlannedRoute => ({
        direction: "outbound",
        peer: l.to,
        port: l.port,
        construct: `${restricted ? `egress rule of security group ${groupNameOf(spec.name, c)}` : `outbound traffic of security group ${groupNameOf(spec.name, c)}`} + Service Connect alias ${l.to}:${l.port}`,
        rule: rule(l.from, l.to, l.port),
      }),
    ),
  ];
}

export function policyProblems(spec: DeploymentSpec, c: AwsCoordinates): SpecProblem[] {
  if (!spec.policy) return [];
  return [...linkProblems(spec), ...encryptionRefusals(enforcementOf(spec, c))];
}
