// The one policy decision of a deployment: base image, signature, placement, encryption and hardening, links.
// PURE (no I/O, the clock is an input): the deploy service calls it before any cloud call and stores
// the decision with the revision; the preview shows its enforcement setting by setting.
import { enforcementFor } from "@/providers/registry";
import { HARDENING_SETTINGS } from "@/providers/types";
import type { DeploymentPolicy, DeploymentSpec, HardeningSetting, NetworkLink, SettingEnforcement, TargetCoordinates } from "@/providers/types";
import type { BaseImageEntry, EncryptionOverride, LabelRequirement, PlatformPolicy, ReasonCode, TargetSummary } from "./schemas";
import type { DataClassification } from "@/server/db/generated/enums";
import { endOfLifePassed } from "@/server/catalog/end-of-life";
import { teamEncryption } from "./tighten";

export interface PolicyInput {
  /** The spec the provider will plan; its own `policy`, if any, is replaced by the resolved one. */
  spec: DeploymentSpec;
  classification: DataClassification;
  policies: { platform: PlatformPolicy; teamOverride?: EncryptionOverride; links: NetworkLink[] };
  baseImage: BaseImageEntry;
  target: TargetSummary & { coordinates: TargetCoordinates };
  /** Every target the team may deploy to, so a placement refusal can name the ones that qualify. */
  targets: TargetSummary[];
  now: Date;
  /** "new": the app is not on this target yet (a first deploy, or one after a destroy), which a restricted image
   * refuses; "existing": a change to a deployment that is there (redeploy, rollback, scale, re-apply, a review). */
  placement: "new" | "existing";
  /** Reasons an approved break-glass override waives (server/overrides/): refused otherwise, allowed here. */
  waivers?: Waiver[];
  /**
   * What is known of the image: whether it was resolved in its registry, and the catalog image its layers show it is
   * built on (null when none could be verified), which is judged instead of the declared `baseImage`.
   */
  provenance?: { image: string; resolved: boolean; realBase: BaseImageEntry | null; signature?: SignatureFinding | null };
}

/** What was found of a resolved image's signatures (null: resolved before signatures were checked). */
export interface SignatureFinding {
  /** The trusted key a signature verified against. */
  signer: Signer | null;
  /** Every key offered, as "name (scope)". */
  tried: string[];
  /** Signatures read (of any key). */
  found: number;
  /** The registry's refusal when the signatures could not be looked for. */
  problem: string | null;
}

export interface Signer {
  name: string;
  /** "Platform" or the team's name. */
  scope: string;
  fingerprint: string;
  layout: "sigstore-bundle" | "cosign-tag";
}

/** A reason a break-glass override waives: the same code about the same subject, nothing broader. */
export type Waiver = Pick<Reason, "code" | "subject">;

export interface Reason {
  code: ReasonCode;
  /** The policy setting, label or image the reason is about. */
  subject: string;
  message: string;
}

export interface PolicyDecision {
  allowed: boolean;
  reasons: Reason[];
  /** Reasons that would refuse it, waived by a break-glass override (absent on revisions made before overrides). */
  waived?: Reason[];
  warnings: Reason[];
  /** Setting by setting, what enforces it on this target (or that nothing can). */
  enforcement: SettingEnforcement[];
  /** The policy to put in the spec the adapter plans. */
  policy: DeploymentPolicy;
  /** The base image judged, and how it was known: the app's declaration, or the image's own layers (absent on
   * revisions made before images were resolved). */
  judgedOn?: { id: string; name: string; version: string; by: "declaration" | "layers" };
  /** The trusted key that signed the image, when one did (absent otherwise, and on revisions made before). */
  signedBy?: Signer;
}

const day = (date: Date) => date.toISOString().slice(0, 10);
const imageName = (image: { name: string; version: string }) => `${image.name} ${image.version}`;

function baseImageReasons(image: BaseImageEntry, now: Date, placement: PolicyInput["placement"]): { reasons: Reason[]; warnings: Reason[] } {
  const subject = imageName(image);
  const successor = image.successor ? `rebase onto its successor ${imageName(image.successor)}` : "no successor is named; ask IT operations for one";
  const reasons: Reason[] = [];
  const warnings: Reason[] = [];
  if (image.status === "revoked") reasons.push({ code: "base-image-revoked", subject, message: `Base image ${subject} is revoked: ${successor}` });
  if (image.endOfLife && endOfLifePassed(image.endOfLife, now)) {
    reasons.push({ code: "base-image-end-of-life", subject, message: `Base image ${subject} reached its end of life on ${day(image.endOfLife)}: ${successor}` });
  }
  if (image.status === "deprecated") warnings.push({ code: "base-image-deprecated", subject, message: `Base image ${subject} is deprecated: ${successor}` });
  if (image.status === "restricted") {
    const restricted = `Base image ${subject} is restricted: deployments already on it may redeploy, nothing new may be placed on it`;
    if (placement === "new") reasons.push({ code: "base-image-restricted", subject, message: `${restricted}; ${successor}` });
    else warnings.push({ code: "base-image-restricted", subject, message: `${restricted}: ${successor}` });
  }
  return { reasons, warnings };
}

const meets = (target: TargetSummary, requirement: LabelRequirement) => requirement.anyOf.includes(target.labels[requirement.label] ?? "");

function placementReasons(input: PolicyInput): Reason[] {
  const requirements = input.policies.platform.placement[input.classification] ?? [];
  const missing = requirements.filter((r) => !meets(input.target, r));
  if (!missing.length) return [];
  const qualifying = input.targets.filter((t) => requirements.every((r) => meets(t, r))).map((t) => t.name);
  const where = qualifying.length ? `Targets that qualify: ${qualifying.join(", ")}` : "No registered target qualifies";
  return missing.map((r) => {
    const has = input.target.labels[r.label];
    return {
      code: "placement",
      subject: r.label,
      message: `${input.classification} data needs a target labelled ${r.label} = ${r.anyOf.join(" or ")}; ${input.target.name} ${has === undefined ? `has no ${r.label} label` : `has ${r.label} = ${has}`}. ${where}`,
    };
  });
}

/** What the image's provenance adds to its base's own reasons: that its base is not the declared one (a warning), or
 * that none could be verified (a warning or a refusal, as the platform's images policy says). */
function provenanceFindings(input: PolicyInput): { reasons: Reason[]; warnings: Reason[] } {
  const { provenance, baseImage: declared } = input;
  const none = { reasons: [], warnings: [] };
  if (!provenance) return none;
  const { realBase, image, resolved } = provenance;
  if (realBase) {
    if (realBase.id === declared.id) return none;
    return { reasons: [], warnings: [{ code: "base-image-undeclared", subject: imageName(realBase), message: `The image is built on ${imageName(realBase)} (its layers start with that image's), not on ${imageName(declared)} as the app declares: it is judged and recorded on ${imageName(realBase)}` }] };
  }
  const refuse = input.policies.platform.images.unverifiedBase === "refuse";
  if (!resolved && !refuse) return none;
  const why = resolved
    ? "The image is built on no catalog base image Bulkhead could verify (its annotations name none, or the named base's layers are not its first)"
    : "Bulkhead could not check what the image is built on: the team holds no credentials for its registry (add them on Registries)";
  const finding: Reason = { code: "base-image-unknown", subject: image, message: refuse ? `${why}; the platform refuses images on no verified catalog base` : `${why}: judged on ${imageName(declared)}, which the app declares` };
  return refuse ? { reasons: [finding], warnings: [] } : { reasons: [], warnings: [finding] };
}

const WHERE_SIGNATURES_ARE = "no Sigstore bundle among its referrers, no cosign sha256-<digest>.sig tag";

/** When the app's classification asks for a signature (the platform's images.signaturesRequiredFor), the refusal of
 * an image no trusted key signed, naming the image and the keys tried. */
function signatureReasons(input: PolicyInput): Reason[] {
  if (!input.policies.platform.images.signaturesRequiredFor.includes(input.classification)) return [];
  const provenance = input.provenance;
  const image = provenance?.image ?? input.spec.image;
  const finding = provenance?.signature;
  if (finding?.signer) return [];
  const needs = `${input.classification} apps need an image signed by a key the platform trusts`;
  const unsigned = (why: string): Reason[] => [{ code: "image-unsigned", subject: image, message: `${image} ${why}; ${needs}` }];
  if (!provenance?.resolved) return unsigned("could not be checked for a signature: the team holds no credentials for its registry (add them on Registries)");
  if (!finding) return unsigned("was resolved before signatures were checked: deploy the image again so its signature is looked for");
  const keys = finding.tried.length ? `keys tried: ${finding.tried.join(", ")}` : "no signing key is trusted for this team's images (IT operations add them on Signing keys)";
  if (finding.problem) return unsigned(`could not be checked for a signature (${finding.problem}); ${keys}`);
  if (!finding.found) return unsigned(`carries no signature (${WHERE_SIGNATURES_ARE}); ${keys}`);
  const count = finding.found === 1 ? "one signature" : `${finding.found} signatures`;
  return [{ code: "image-signature-untrusted", subject: image, message: `${image} has ${count}, but none verifies against a trusted key for this digest; ${keys}; ${needs}` }];
}

export function evaluate(input: PolicyInput): PolicyDecision {
  const { platform, teamOverride, links } = input.policies;
  const name = input.spec.name;
  const confidential = (platform.placement[input.classification] ?? []).some((r) => r.label === "confidential-compute" && r.anyOf.includes("true"));
  const policy: DeploymentPolicy = {
    encryption: teamEncryption(platform.encryption, teamOverride),
    hardening: platform.hardening,
    links: links.filter((l) => l.from === name || l.to === name),
    ...(confidential ? { confidentialCompute: true } : {}),
  };
  const enforcement = enforcementFor({ ...input.spec, policy }, input.target.coordinates);
  const judged = input.provenance?.realBase ?? input.baseImage;
  const image = baseImageReasons(judged, input.now, input.placement);
  const unsupported = enforcement.filter((e) => e.by === "unsupported");
  const isHardening = (e: SettingEnforcement) => (HARDENING_SETTINGS as readonly string[]).includes(e.setting);

  const provenance = provenanceFindings(input);
  const found: Reason[] = [
    ...provenance.reasons,
    ...signatureReasons(input),
    ...image.reasons,
    ...placementReasons(input),
    ...unsupported.filter((e) => !isHardening(e)).map((e): Reason => ({ code: "encryption", subject: e.setting, message: `${input.target.name} cannot enforce ${e.setting}: ${e.detail}` })),
  ];
  // Hardening a provider cannot apply is stated, not refused (the issue: "where a provider cannot, the plan says so").
  const warnings: Reason[] = [
    ...provenance.warnings,
    ...image.warnings,
    ...unsupported
      .filter((e) => isHardening(e) && platform.hardening[e.setting as HardeningSetting])
      .map((e): Reason => ({ code: "hardening", subject: e.setting, message: `${input.target.name} cannot apply ${e.setting}: ${e.detail}` })),
  ];
  const waivedBy = (reason: Reason) => (input.waivers ?? []).some((waiver) => waiver.code === reason.code && waiver.subject === reason.subject);
  const reasons = found.filter((reason) => !waivedBy(reason));
  const waived = found.filter(waivedBy);
  const judgedOn = { id: judged.id, name: judged.name, version: judged.version, by: input.provenance?.realBase ? "layers" : "declaration" } as const;
  const signer = input.provenance?.signature?.signer;
  const signedBy = signer ? { name: signer.name, scope: signer.scope, fingerprint: signer.fingerprint, layout: signer.layout } : undefined;
  return { allowed: reasons.length === 0, reasons, waived, warnings, enforcement, policy, judgedOn, ...(signedBy && { signedBy }) };
}
