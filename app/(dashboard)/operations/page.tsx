import type { Metadata } from "next";
import { AppsTable } from "@/app/_components/apps/apps-table";
import { Card, CardHeader } from "@/app/_components/ui/card";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { NonCompliantCard } from "@/app/_components/deployments/non-compliant-card";
import { DriftedCard } from "@/app/_components/deployments/drifted-card";
import { PendingLinksCard } from "@/app/_components/links/pending-links-card";
import { OverrideBanner } from "@/app/_components/overrides/override-banner";
import { OverridesTable } from "@/app/_components/overrides/overrides-table";
import { load } from "@/app/_lib/server-caller";

export const metadata: Metadata = { title: "Platform overview" };

export default async function OperationsHome() {
  const [apps, nonCompliant, drifted, pendingLinks, requested, active] = await load((caller) =>
    Promise.all([
      caller.apps.list({}),
      caller.deployments.nonCompliant(),
      caller.deployments.drifted(),
      caller.links.pending(),
      caller.overrides.list({ state: "requested" }),
      caller.overrides.list({ state: "active" }),
    ]),
  );
  return (
    <div className="space-y-6">
      <OverrideBanner overrides={active} where="overview" />
      {requested.length ? (
        <Card>
          <CardHeader title="Break-glass requests awaiting a decision" description="Each names a deploy policy refused; approving runs it at once with that refusal waived until it expires." />
          <OverridesTable overrides={requested} label="Break-glass requests awaiting a decision" decide />
        </Card>
      ) : null}
      <NonCompliantCard deployments={nonCompliant} />
      <DriftedCard deployments={drifted} />
      <PendingLinksCard links={pendingLinks} />
      <Card>
        <CardHeader as="h1" title="Platform overview" description={`${apps.length} app${apps.length === 1 ? "" : "s"} registered across all teams`} />
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
