// Pure: the network security group rules an internal app's plan sends, and the reads apply makes first. Links and
// egress are enforced on the NSG associated with the subnet the target declares (a subnet's NSG filters the traffic of
// every container group in it): a link is an inbound allow from the caller's private IP to the callee's, every internal
// app with a policy ends with an inbound deny of all other traffic from the virtual network, and a restricted egress is
// an outbound allow of TCP 443 to the allow-list's CIDRs followed by an outbound deny of the internet.
// Private IPs are Azure's to give, so the plan names the container groups and apply puts in their addresses.
import { createHash } from "node:crypto";
import { isCidr, linksOf } from "../policy-rendering";
import type { DeploymentSpec, NetworkLink, PlannedCheck, PlannedRequest } from "../types";
import type { AzureCoordinates } from "./target-schema";

/** Priorities Bulkhead allocates its rules from: allows always before denies (a lower number wins). Azure allows 100–4096. */
export const PRIORITY_BANDS = { allow: { min: 1000, max: 2999 }, deny: { min: 3000, max: 4096 } } as const;
export type PriorityBand = keyof typeof PRIORITY_BANDS;

/** Where a rule's address comes from: a container group's private IP (resolved by apply) or fixed prefixes. */
export type RuleAddress = { group: string } | { prefixes: string[] };

export interface RuleTemplate {
  name: string;
  /** Names every app the rule concerns, so destroy finds the rules of an app: `bulkhead apps=a,b`. */
  description: string;
  direction: "Inbound" | "Outbound";
  access: "Allow" | "Deny";
  protocol: "Tcp" | "*";
  source: RuleAddress;
  destination: RuleAddress;
  /** `*`, or a port; for a link, the port the callee's group exposes for it (apply reads it: its TLS sidecar's 443, else the link's port). */
  destinationPort: { fixed: string } | { link: NetworkLink };
  band: PriorityBand;
}

export interface RulePlannedRequest extends PlannedRequest {
  operation: "securityRules.createOrUpdate";
  /** The NSG is the one the target's subnet is associated with, read back by the `subnets.get` check. */
  networkSecurityGroup: string;
  securityRuleName: string;
  /** The rule as the preview shows it: group addresses and the priority in words, filled in by apply. */
  body: Record<string, string>;
  rule: RuleTemplate;
}

export const SUBNET_CHECK = "subnets.get";
export const NSG_CHECK = "networkSecurityGroups.get";
export const RULE_OPERATION = "securityRules.createOrUpdate";
/** The service a subnet must be delegated to before container groups can use it. */
export const ACI_DELEGATION = "Microsoft.ContainerInstance/containerGroups";

const short = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 16);
export const appsDescription = (apps: string[]) => `bulkhead apps=${[...new Set(apps)].sort().join(",")}`;

/** The apps a rule's description names, or none when Bulkhead did not write it. */
export function appsOf(description: string | undefined): string[] {
  const match = /^bulkhead apps=([a-z0-9,-]+)$/.exec(description ?? "");
  return match ? match[1].split(",") : [];
}

/** Whether the app's plan carries NSG rules: an internal app in the target's subnet, under a policy. */
export const hasNetworkRules = (spec: DeploymentSpec, c: AzureCoordinates) => !!spec.policy && spec.ingress === "internal" && !!c.subnetId;

/** Host names in the allow-list: an NSG rule matches addresses only. */
export const hostNamesOf = (spec: DeploymentSpec) => (spec.policy?.encryption?.egressAllowList ?? []).filter((d) => !isCidr(d));

/** The link's rule, the same whichever of its two apps writes it (both do, so the rule exists once both have IPs). */
function linkRule(link: NetworkLink): RuleTemplate {
  return {
    name: `bulkhead-link-${short(`${link.from}>${link.to}:${link.port}`)}`,
    description: appsDescription([link.from, link.to]),
    direction: "Inbound",
    access: "Allow",
    protocol: "Tcp",
    source: { group: link.from },
    destination: { group: link.to },
    destinationPort: { link },
    band: "allow",
  };
}

/** Every rule the app's apply writes, in the order it writes them. */
export function ruleTemplates(spec: DeploymentSpec, c: AzureCoordinates): RuleTemplate[] {
  if (!hasNetworkRules(spec, c)) return [];
  const { inbound, outbound } = linksOf(spec);
  const me = { group: spec.name };
  const own = appsDescription([spec.name]);
  const rules: RuleTemplate[] = [...inbound, ...outbound].map(linkRule);
  rules.push({ name: `bulkhead-${spec.name}-deny-vnet-in`, description: own, direction: "Inbound", access: "Deny", protocol: "*", source: { prefixes: ["VirtualNetwork"] }, destination: me, destinationPort: { fixed: "*" }, band: "deny" });
  const encryption = spec.policy?.encryption;
  if (encryption?.egressRestricted && !hostNamesOf(spec).length) {
    const cidrs = encryption.egressAllowList;
    if (cidrs.length) rules.push({ name: `bulkhead-${spec.name}-egress-allow`, description: own, direction: "Outbound", access: "Allow", protocol: "Tcp", source: me, destination: { prefixes: cidrs }, destinationPort: { fixed: "443" }, band: "allow" });
    rules.push({ name: `bulkhead-${spec.name}-egress-deny`, description: own, direction: "Outbound", access: "Deny", protocol: "*", source: me, destination: { prefixes: ["Internet"] }, destinationPort: { fixed: "*" }, band: "deny" });
  }
  return rules;
}

const shown = (address: RuleAddress): Record<string, string> =>
  "group" in address ? { prefix: `<private IP of container group ${address.group}>` } : address.prefixes.length === 1 ? { prefix: address.prefixes[0] } : { prefixes: address.prefixes.join(", ") };

export function ruleRequests(spec: DeploymentSpec, c: AzureCoordinates): RulePlannedRequest[] {
  return ruleTemplates(spec, c).map((rule) => {
    const source = shown(rule.source);
    const destination = shown(rule.destination);
    const band = PRIORITY_BANDS[rule.band];
    return {
      operation: RULE_OPERATION,
      networkSecurityGroup: `the network security group of subnet ${c.subnetId}`,
      securityRuleName: rule.name,
      body: {
        description: rule.description,
        direction: rule.direction,
        access: rule.access,
        protocol: rule.protocol,
        sourcePortRange: "*",
        destinationPortRange: "fixed" in rule.destinationPort ? rule.destinationPort.fixed : `<the port ${rule.destinationPort.link.to} exposes for the link: 443 behind its TLS sidecar, else ${rule.destinationPort.link.port}>`,
        ...(source.prefix ? { sourceAddressPrefix: source.prefix } : { sourceAddressPrefixes: source.prefixes }),
        ...(destination.prefix ? { destinationAddressPrefix: destination.prefix } : { destinationAddressPrefixes: destination.prefixes }),
        priority: `<a free priority from ${band.min} to ${band.max}>`,
      },
      rule,
    };
  });
}

/** What apply reads before it changes anything, for an app placed in the target's subnet. */
export function networkChecks(spec: DeploymentSpec, c: AzureCoordinates): PlannedCheck[] {
  if (spec.ingress !== "internal" || !c.subnetId) return [];
  const subnet: PlannedCheck = {
    operation: SUBNET_CHECK,
    reads: `the target's subnet ${c.subnetId}`,
    requires: `it exists and is delegated to ${ACI_DELEGATION}${hasNetworkRules(spec, c) ? ", with a network security group associated" : ""}`,
  };
  if (!hasNetworkRules(spec, c)) return [subnet];
  return [subnet, { operation: NSG_CHECK, reads: "the network security group associated with that subnet", requires: "it exists, in the subnet's region" }];
}
