import type { Metadata } from "next";
import { AppsTable } from "@/app/_components/apps/apps-table";
import { Card, CardHeader } from "@/app/_components/ui/card";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { NonCompliantCard } from "@/app/_components/deployments/non-compliant-card";
import { DriftedCard } from "@/app/_components/deployments/drifted-card";
import { PendingLinksCard } from "@/app/_components/links/pending-links-card";
import { load } from "@/app/_lib/server-caller";

export const metadata: Metadata = { title: "Platform overview" };

export default async function OperationsHome() {
  const [apps, nonCompliant, drifted, pendingLinks] = await load((caller) =>
    Promise.all([caller.apps.list({}), caller.deployments.nonCompliant(), caller.deployments.drifted(), caller.links.pending()]),
  );
  return (
    <div className="space-y-6">
      <NonCompliantCard deployments={nonCompliant} />
      <DriftedCard deployments={drifted} />
      <PendingLinksCard links={pendingLinks} />
      <Card>
        <CardHeader title="Platform overview" description={`${apps.length} app${apps.length === 1 ? "" : "s"} registered across all teams`} />
        {apps.length === 0 ? (
          <div className="p-5">
            <EmptyState title="No apps registered yet">Developers register apps from their teams&apos; Apps page.</EmptyState>
          </div>
        ) : (
          <AppsTable apps={apps} showTeam />
        )}
      </Card>
    </div>
  );
}
