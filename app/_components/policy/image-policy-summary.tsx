import { classificationLabels } from "@/server/apps/contract";
import type { PlatformPolicy } from "@/server/policy/contract";

/** The image policy in words, for those who read the policy but may not change it. */
export function ImagePolicySummary({ platform }: { platform: PlatformPolicy }) {
  const signed = platform.images.signaturesRequiredFor.map((classification) => classificationLabels[classification]);
  return (
    <ul className="list-disc space-y-1 pl-5 text-sm">
      <li>Images on no verified catalog base: {platform.images.unverifiedBase === "refuse" ? "refused" : "warned"}.</li>
      <li>Signed images required for: {signed.length ? signed.join(", ") : "no classification"}.</li>
      <li>Data classification changed by: {platform.apps.classificationChanges === "operators" ? "IT operations only" : "the app's team"}.</li>
    </ul>
  );
}
