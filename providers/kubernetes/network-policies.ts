// Pure: the NetworkPolicies that make a namespace default-deny and open exactly what the policy allows: approved links
// (by the peer app's pod labels, in any Bulkhead namespace), the egress allow-list (IPv4 CIDRs on TCP 443) and DNS.
// https://kubernetes.io/docs/concepts/services-networking/network-policies/
import { isCidr, linksOf } from "../policy-rendering";
import type { DeploymentSpec, PlannedRoute } from "../types";
import { ALLOW_DNS, appLabels, appSelector, DEFAULT_DENY, egressPolicyNameOf, ingressPolicyNameOf, managedLabels } from "./naming";

const API_VERSION = "networking.k8s.io/v1";
const KIND = "NetworkPolicy";

/** Pods of `app` in any namespace Bulkhead manages. */
const peerOf = (app: string) => ({ namespaceSelector: { matchLabels: managedLabels() }, podSelector: { matchLabels: appSelector(app) } });
const tcp = (port: number) => ({ protocol: "TCP", port });

/** Nothing in or out of any pod of the namespace unless another policy allows it. */
export function defaultDenyPolicy(namespace: string) {
  return { apiVersion: API_VERSION, kind: KIND, metadata: { name: DEFAULT_DENY, namespace, labels: managedLabels() }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } };
}

/** Name resolution for every pod: the cluster DNS (kube-dns labels, kept by CoreDNS too) on port 53. */
export function allowDnsPolicy(namespace: string) {
  return {
    apiVersion: API_VERSION,
    kind: KIND,
    metadata: { name: ALLOW_DNS, namespace, labels: managedLabels() },
    spec: {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
      ],
    },
  };
}

/** Whether the policy restricts egress to its allow-list. */
export const egressRestricted = (spec: DeploymentSpec) => !!spec.policy?.encryption?.egressRestricted;
/** Allow-list entries a NetworkPolicy cannot express (it knows addresses, not host names). */
export const hostNamesOf = (spec: DeploymentSpec) => (spec.policy?.encryption?.egressAllowList ?? []).filter((d) => !isCidr(d));

/**
 * Who may reach the app: anyone on its port when public (the ingress controller's pods, wherever they run), else only
 * its linked callers on the linked port. No rule at all: nothing reaches it.
 */
export function ingressRules(spec: DeploymentSpec) {
  if (spec.ingress === "public") return [{ ports: [tcp(spec.port)] }];
  return linksOf(spec).inbound.map((l) => ({ from: [peerOf(l.from)], ports: [tcp(l.port)] }));
}

/** Where the app may connect: its linked callees, then either anywhere or, when egress is restricted, the allow-list's CIDRs on 443. */
export function egressRules(spec: DeploymentSpec) {
  const links = linksOf(spec).outbound.map((l) => ({ to: [peerOf(l.to)], ports: [tcp(l.port)] }));
  if (!egressRestricted(spec)) return [...links, {}];
  const cidrs = (spec.policy?.encryption?.egressAllowList ?? []).filter(isCidr);
  return [...links, ...(cidrs.length ? [{ to: cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [tcp(443)] }] : [])];
}

export function appIngressPolicy(spec: DeploymentSpec, namespace: string) {
  return {
    apiVersion: API_VERSION,
    kind: KIND,
    metadata: { name: ingressPolicyNameOf(spec.name), namespace, labels: appLabels(spec) },
    spec: { podSelector: { matchLabels: appSelector(spec.name) }, policyTypes: ["Ingress"], ingress: ingressRules(spec) },
  };
}

export function appEgressPolicy(spec: DeploymentSpec, namespace: string) {
  return {
    apiVersion: API_VERSION,
    kind: KIND,
    metadata: { name: egressPolicyNameOf(spec.name), namespace, labels: appLabels(spec) },
    spec: { podSelector: { matchLabels: appSelector(spec.name) }, policyTypes: ["Egress"], egress: egressRules(spec) },
  };
}

/** The links as the rules that carry them. */
export function routesOf(spec: DeploymentSpec, namespace: string): PlannedRoute[] {
  const { inbound, outbound } = linksOf(spec);
  return [
    ...inbound.map((l): PlannedRoute => ({ direction: "inbound", peer: l.from, port: l.port, construct: `NetworkPolicy ${namespace}/${ingressPolicyNameOf(spec.name)}`, rule: { from: [peerOf(l.from)], ports: [tcp(l.port)] } })),
    ...outbound.map((l): PlannedRoute => ({ direction: "outbound", peer: l.to, port: l.port, construct: `NetworkPolicy ${namespace}/${egressPolicyNameOf(spec.name)}`, rule: { to: [peerOf(l.to)], ports: [tcp(l.port)] } })),
  ];
}
