import type { Metadata } from "next";
import { ComplianceBanner } from "@/app/_components/deployments/compliance-banner";
import { DeploymentLive } from "@/app/_components/deployments/deployment-live";
import { OverrideBanner } from "@/app/_components/overrides/override-banner";
import { RefusedAttemptsCard } from "@/app/_components/overrides/refused-attempts-card";
import { load } from "@/app/_lib/server-caller";

export const metadata: Metadata = { title: "Deployment" };

export default async function DeploymentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [deployment, breakGlass, providers, compliance] = await load((caller) =>
    Promise.all([caller.deployments.get({ id }), caller.overrides.forDeployment({ deploymentId: id }), caller.targets.providers(), caller.deployments.compliance({ id })]),
  );
  const providerName = providers.find((provider) => provider.kind === deployment.target.kind)?.displayName ?? deployment.target.kind;
  const canChange = deployment.can.change;
  return (
    <div className="space-y-6">
      <ComplianceBanner reasons={compliance.reasons} />
      <OverrideBanner overrides={breakGlass.overrides} />
      <DeploymentLive id={id} canChange={canChange} providerName={providerName} />
      <RefusedAttemptsCard refusals={breakGlass.refusals} />
    </div>
  );
}
