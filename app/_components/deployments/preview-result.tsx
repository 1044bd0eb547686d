import type { ProviderPlan } from "@/providers/types";
import type { PolicyDecision } from "@/server/policy/evaluate";
import { PlanPreview } from "./plan-preview";
import { PlanRoutes } from "./plan-routes";
import { PolicyDecisionView } from "./policy-decision";

export interface Preview {
  plan: ProviderPlan | null;
  decision: PolicyDecision | null;
}

/** What policy says and, when it allows the deployment, the provider-native plan. Loaded by the deploy form with its first preview. */
export default function PreviewResult({ preview: { plan, decision } }: { preview: Preview }) {
  return (
    <div className="space-y-4">
      <PolicyDecisionView decision={decision} />
      {plan?.routes ? <PlanRoutes routes={plan.routes} /> : null}
      {plan ? <PlanPreview plan={plan} /> : null}
    </div>
  );
}
