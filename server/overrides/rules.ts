import type { Actor } from "@/server/identity/actor";
import type { Reason } from "@/server/policy/evaluate";

// Who may do what with a break-glass override, and which refusals it can lift. PURE, so the service enforces
// and the pages show buttons by the same rules.
//
// - Request: a developer of the refused app's team, naming a policy refusal of a deploy, redeploy, rollback or
//   scale (the denied audit event), a reason and a duration of at most 24 hours.
// - Approve or reject: an operator or admin, never the requester (four eyes).
// - See: developers the overrides of their teams; the platform roles all of them. Compliance officers read.

export const MAX_MINUTES = 24 * 60;

/** Refused actions an override may let through: the deploy commands, not a link change's automatic revision. */
export const OVERRIDABLE_ACTIONS = ["deployment.deploy", "deployment.redeploy", "deployment.rollback", "deployment.scale"] as const;

/** Policy reasons an override may waive. A warning (deprecated image, hardening) never refused anything. */
export const OVERRIDABLE_REASONS: Reason["code"][] = ["base-image-revoked", "base-image-restricted", "base-image-end-of-life", "placement", "encryption"];

export function canRequestOverride(actor: Actor, teamId: string): boolean {
  return actor.role === "developer" && actor.teamIds.includes(teamId);
}

/** Why the actor may not approve or reject the override, or null when they may. */
export function decideRefusal(actor: Actor, override: { requestedById: string }): string | null {
  if (actor.role !== "operator" && actor.role !== "admin") return "a break-glass override is approved or rejected by an operator or an admin";
  if (actor.userId === override.requestedById) return "the requester cannot decide their own override (four eyes)";
  return null;
}

export type OverrideState = "requested" | "rejected" | "active" | "expired";

/** Where an override stands at `now`: approved ones are active until they expire, whether or not the expiry job
 * has run yet. */
export function overrideState(override: { status: "requested" | "approved" | "rejected" | "expired"; expiresAt: Date | null }, now: Date): OverrideState {
  if (override.status === "approved") return override.expiresAt && override.expiresAt > now ? "active" : "expired";
  return override.status;
}

/** Why a refused attempt cannot be overridden, or null when it can. */
export function refusalProblem(refusal: { outcome: string; action: string; kind: unknown; reasons: Reason[]; hasRequest: boolean }): string | null {
  if (refusal.outcome !== "denied") return "it is not a refused attempt";
  if (!(OVERRIDABLE_ACTIONS as readonly string[]).includes(refusal.action) || refusal.kind !== "policy" || !refusal.hasRequest) {
    return "only a policy refusal of a deploy, redeploy, rollback or scale can be overridden";
  }
  if (!refusal.reasons.length || refusal.reasons.some((reason) => !OVERRIDABLE_REASONS.includes(reason.code))) return "its reasons cannot be overridden";
  return null;
}
