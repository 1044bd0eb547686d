import { Card, CardBody, CardHeader } from "@/app/_components/ui/card";
import type { PolicyDecision, ProviderPlan } from "@/app/_lib/api-types";
import { PolicyDecisionView } from "./policy-decision";
import { PlanRoutes } from "./plan-routes";

/** What policy said of the latest revision when it was made, setting by setting, and the network links in its plan. */
export function DeploymentPolicyCard({ revision, decision, routes }: { revision: number; decision: PolicyDecision; routes: ProviderPlan["routes"] | undefined }) {
  return (
    <Card>
      <CardHeader title="Policy" description={`What policy said of revision ${revision} when it was made, setting by setting.`} />
      <CardBody>
        <PolicyDecisionView decision={decision} />
        {routes ? (
          <div className="mt-4">
            <PlanRoutes routes={routes} />
          </div>
        ) : null}
      </CardBody>
    </Card>
  );
}
