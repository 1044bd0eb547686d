// Targets for policy tests, from each provider's cases (./<kind>/policy-cases.ts): "bare" ones provide nothing beyond the
// required coordinates, "full" ones every construct their provider can use (listeners, Service Connect, TLS sidecar, VPC,
// load balancer, ingress class).
import { casesOf } from "./testing/policy-cases";
import { PROVIDER_KINDS, type ProviderKind } from "./registry";
import type { TargetCoordinates } from "./types";

const byKind = (pick: (kind: ProviderKind) => TargetCoordinates) => Object.fromEntries(PROVIDER_KINDS.map((kind) => [kind, pick(kind)])) as Record<ProviderKind, TargetCoordinates>;

export const full = byKind((kind) => casesOf(kind).full);
export const bare = byKind((kind) => casesOf(kind).bare);
