import type { Metadata } from "next";
import { DeploymentLive } from "@/app/_components/deployments/deployment-live";
import { load } from "@/app/_lib/server-caller";

export const metadata: Metadata = { title: "Deployment" };

export default async function DeploymentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [me, deployment] = await load((caller) => Promise.all([caller.identity.me(), caller.deployments.get({ id })]));
  const canChange = me.role === "developer" && me.teams.some((team) => team.id === deployment.teamId);
  return <DeploymentLive id={id} canChange={canChange} />;
}
