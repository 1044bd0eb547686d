import type { PolicyDecision, ResolvedImage } from "@/app/_lib/api-types";
import { shortFingerprint } from "@/server/signing-keys/contract";

const short = (digest: string) => `${digest.slice(0, 19)}…`;

/** What the image is, as its registry resolved it, and which base image policy judged: by the image's own layers, or
 * as the app declares (an image in a registry the team holds no credentials for is not resolved). */
const layouts = { "sigstore-bundle": "as a Sigstore bundle", "cosign-tag": "in cosign's signature tag layout" } as const;

/** Who signed the image, or what was found instead: the keys tried name what would have counted. */
function signatureLine(signature: ResolvedImage["signature"]): string {
  if (!signature) return "Its signatures were not looked for when it was resolved.";
  if (signature.signer) {
    const { name, scope, fingerprint, layout } = signature.signer;
    return `Signed by ${name} (${scope}), key ${shortFingerprint(fingerprint)}, ${layouts[layout]}.`;
  }
  const tried = signature.tried.length ? `keys tried: ${signature.tried.join(", ")}` : "no signing key is trusted for this team";
  if (signature.problem) return `Its signatures could not be read (${signature.problem}); ${tried}.`;
  const found = signature.found === 0 ? "no signature found" : `${signature.found} signature${signature.found === 1 ? "" : "s"} found`;
  return `No signature by a trusted key: ${found}; ${tried}.`;
}

export function ImageProvenance({ image, judgedOn }: { image: ResolvedImage | null; judgedOn: PolicyDecision["judgedOn"] }) {
  const judged = judgedOn ? `${judgedOn.name} ${judgedOn.version}` : null;
  return (
    <section aria-label="Image provenance" className="space-y-1 text-sm [overflow-wrap:anywhere]">
      <h3 className="font-semibold">The image</h3>
      {image ? (
        <p>
          Resolved in {image.registry}: the {image.platform} manifest <code className="font-mono text-xs">{short(image.manifestDigest)}</code>, {image.layers.length} layers
          {image.base ? `, built on ${image.base.reference} (its first ${image.base.layers} layers)` : ", on no base Bulkhead could verify"}.
        </p>
      ) : (
        <p>Not resolved: the team holds no credentials for this image&apos;s registry (add them on Registries), so it deploys as named.</p>
      )}
      {image ? <p>{signatureLine(image.signature)}</p> : null}
      {judged ? <p>Judged on the catalog image {judged}, {judgedOn?.by === "layers" ? "which its layers show it is built on" : "which the app declares"}.</p> : null}
    </section>
  );
}
