import type { Metadata } from "next";
import { type DeploymentSpec, settingsOf } from "@/server/deployments/contract";
import { DeployForm } from "@/app/_components/deployments/deploy-form";
import { Card, CardBody, CardHeader } from "@/app/_components/ui/card";
import { load } from "@/app/_lib/server-caller";

export const metadata: Metadata = { title: "Deploy" };

/** With ?from=<deployment id>, the form starts from that deployment's current revision (redeploy). */
export default async function DeployPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ from?: string }> }) {
  const [{ id }, { from }] = await Promise.all([params, searchParams]);
  const [app, targets, current] = await load((caller) =>
    Promise.all([caller.apps.get({ id }), caller.targets.list(), from ? caller.deployments.get({ id: from }) : Promise.resolve(null)]),
  );
  const latest = current?.revisions[0];
  const initial = current && latest ? { targetId: current.target.id, settings: settingsOf(latest.spec) } : undefined;
  return (
    <Card>
      <CardHeader as="h1" title={`Deploy ${app.name}`} description="Choose a target and settings, preview what will be sent to the cloud, then deploy." />
      <CardBody>
        {/* Disabled targets take no new deploys (the server refuses them too). */}
        <DeployForm appId={app.id} targets={targets.filter((target) => !target.disabledAt)} initial={initial} />
      </CardBody>
    </Card>
  );
}
