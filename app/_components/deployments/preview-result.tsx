import type { ProviderPlan, PolicyDecision, ResolvedImage } from "@/app/_lib/api-types";
import { ImageProvenance } from "./image-provenance";
import { PlanPreview } from "./plan-preview";
import { PlanRoutes } from "./plan-routes";
import { PolicyDecisionView } from "./policy-decision";
import { SecretRefs } from "@/app/_components/secrets/secret-refs";

export interface Preview {
  plan: ProviderPlan | null;
  decision: PolicyDecision | null;
  image: ResolvedImage | null;
  spec: { secrets?: { name: string; version: number; fingerprint: string }[] };
}

/** What policy says and, when it allows the deployment, the provider-native plan. Loaded by the deploy form with its first preview. */
export default function PreviewResult({ preview: { plan, decision, image, spec } }: { preview: Preview }) {
  return (
    <div className="space-y-4">
      <ImageProvenance image={image} judgedOn={decision?.judgedOn} />
      <PolicyDecisionView decision={decision} />
      <section aria-label="Secrets delivered" className="space-y-1 text-sm">
        <h3 className="font-semibold">Secrets, through the cloud&apos;s own secret store</h3>
        <SecretRefs secrets={spec.secrets} />
      </section>
      {plan?.routes ? <PlanRoutes routes={plan.routes} /> : null}
      {plan ? <PlanPreview plan={plan} /> : null}
    </div>
  );
}
