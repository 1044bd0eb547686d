import type { Tx } from "@/server/db/client";
import { PolicyViolationError } from "@/server/errors";
import { baseImageSelect, catalogEntry } from "@/server/catalog/service";
import { evaluate, type PolicyDecision, type PolicyInput, type Waiver } from "@/server/policy/evaluate";
import type { PlatformPolicy, ReasonCode, SetTeamOverrideInput } from "@/server/policy/schemas";
import { platformPolicyOf, teamOverrideOf } from "@/server/policy/service";
import { approvedLinksOf } from "@/server/links/deploy-links";
import type { DeploymentSpec } from "@/providers/types";
import type { ResolvedImageRecord } from "./resolved-image";
import type { DataClassification } from "@/server/db/generated/enums";
import { storedCoordinates, storedLabels } from "@/server/targets/service";
import type { RefusedRequest } from "./schemas";

// Between the deploy commands and the pure evaluate(): reads what evaluation needs (the app's catalog image,
// every target for "which would qualify") and turns a refusal into a denial naming each reason.

export interface PolicyApp {
  id: string;
  teamId: string;
  classification: DataClassification;
  baseImageId: string | null;
}

export interface PolicyTarget {
  id: string;
  name: string;
  coordinates: unknown;
  labels: unknown;
}

export interface DecideOptions {
  /** Whether the app is new on this target or already deployed there (evaluate.ts' PolicyInput). */
  placement: PolicyInput["placement"];
  /** What an approved break-glass override lets through. */
  waivers?: Waiver[];
  /** A platform policy to judge by instead of the stored one (what saving it would do). */
  proposed?: PlatformPolicy;
  /** A team's encryption override to judge that team's apps by instead of its stored one (what saving it would do). */
  proposedOverride?: SetTeamOverrideInput;
  /** The image as its registry resolved it: its verified base, found in the catalog by digest, is judged. */
  image?: ResolvedImageRecord | null;
}

/** The catalog image with this verified base's digest (its reference's or its platform manifest's), whatever host
 * the catalog names: a digest is the content's own name, so a mirror's copy is the same image. */
async function catalogImageOf(tx: Tx, base: NonNullable<ResolvedImageRecord["base"]>) {
  return tx.baseImage.findFirst({
    where: { OR: [{ reference: { endsWith: `@${base.digest}` } }, { reference: { endsWith: `@${base.manifestDigest}` } }] },
    select: baseImageSelect,
    orderBy: { createdAt: "asc" },
  });
}

/** The signature finding as resolved, unless its signer's key has been removed since (a rollback or scale carries an
 * earlier resolution): a key no longer trusted signs nothing. */
async function stillTrusted(tx: Tx, teamId: string, signature: ResolvedImageRecord["signature"]): Promise<ResolvedImageRecord["signature"]> {
  if (!signature?.signer) return signature;
  const key = await tx.signingKey.findFirst({ where: { id: signature.signer.id, OR: [{ teamId: null }, { teamId }] }, select: { id: true } });
  return key ? signature : { ...signature, signer: null, tried: signature.tried.filter((name) => name !== `${signature.signer!.name} (${signature.signer!.scope})`) };
}

/** The decision for this spec on this target, or null when the app declares no base image (nothing to judge). */
export async function decide(tx: Tx, app: PolicyApp, target: PolicyTarget, spec: DeploymentSpec, { placement, waivers = [], proposed, proposedOverride, image: resolved }: DecideOptions): Promise<PolicyDecision | null> {
  if (!app.baseImageId) return null;
  // One after the other: a transaction is one connection, which runs one query at a time.
  const image = await tx.baseImage.findUniqueOrThrow({ where: { id: app.baseImageId }, select: baseImageSelect });
  const realBase = resolved?.base ? await catalogImageOf(tx, resolved.base) : null;
  const targets = await tx.target.findMany({ select: { id: true, name: true, labels: true }, orderBy: { name: "asc" } });
  const platform = proposed ?? (await platformPolicyOf(tx));
  const teamOverride = proposedOverride?.teamId === app.teamId ? proposedOverride.encryption : await teamOverrideOf(tx, app.teamId);
  const links = await approvedLinksOf(tx, app.id);
  const signature = await stillTrusted(tx, app.teamId, resolved?.signature ?? null);
  return evaluate({
    spec,
    classification: app.classification,
    policies: { platform, teamOverride, links },
    baseImage: catalogEntry(image),
    target: { id: target.id, name: target.name, labels: storedLabels(target), coordinates: storedCoordinates(target) },
    targets: targets.map((t) => ({ ...t, labels: storedLabels(t) })),
    now: new Date(),
    placement,
    waivers,
    provenance: { image: spec.image, resolved: !!resolved, realBase: realBase && catalogEntry(realBase), signature },
  });
}

/** The attempt a refusal records: on the deployment when it exists (its timeline shows the refused attempt), else
 * on the app; with the request itself, so a break-glass override can name this refusal and run it again. */
export interface RefusedAttempt {
  deploymentId: string | null;
  request: RefusedRequest;
}

/** The form field a refusal's reason belongs under. */
function fieldOf(code: ReasonCode, subject: string): string {
  if (code === "encryption") return `policy.encryption.${subject}`;
  if (code === "placement") return "targetId";
  if (code === "image-unsigned" || code === "image-signature-untrusted") return "image";
  return "baseImageId";
}

/**
 * Throws unless policy allows the deployment; returns the decision to store with the revision. The refusal is
 * audited as denied by the tRPC middleware, outside the transaction this rolls back.
 */
export async function requireAllowed(tx: Tx, app: PolicyApp, target: PolicyTarget, spec: DeploymentSpec, action: string, options: DecideOptions, refused?: RefusedAttempt): Promise<PolicyDecision> {
  const decision = await decide(tx, app, target, spec, options);
  const on = refused?.deploymentId ? { resourceType: "deployment", resourceId: refused.deploymentId } : { resourceType: "app", resourceId: app.id };
  const attempt = { action, ...on, teamId: app.teamId };
  if (!decision) throw new PolicyViolationError(attempt, [{ field: "baseImageId", message: "The app declares no base image; choose one from the catalog on the app's page first" }]);
  if (!decision.allowed) {
    const after = { target: target.name, reasons: decision.reasons, warnings: decision.warnings, ...(refused ? { request: refused.request } : {}) };
    throw new PolicyViolationError({ ...attempt, after }, decision.reasons.map((r) => ({ field: fieldOf(r.code, r.subject), message: r.message })));
  }
  return decision;
}
