import type { Metadata } from "next";
import Link from "next/link";
import { Plus } from "lucide";
import { Icon } from "@/app/_components/ui/icon";
import { AppsTable } from "@/app/_components/apps/apps-table";
import { Button } from "@/app/_components/ui/button";
import { Card, CardHeader } from "@/app/_components/ui/card";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { NonCompliantCard } from "@/app/_components/deployments/non-compliant-card";
import { DriftedCard } from "@/app/_components/deployments/drifted-card";
import { PendingLinksCard } from "@/app/_components/links/pending-links-card";
import { load } from "@/app/_lib/server-caller";

export const metadata: Metadata = { title: "Apps" };

export default async function AppsPage() {
  const [me, apps, nonCompliant, drifted, pendingLinks] = await load((caller) =>
    Promise.all([caller.identity.me(), caller.apps.list({}), caller.deployments.nonCompliant(), caller.deployments.drifted(), caller.links.pending()]),
  );
  const canCreate = me.can.createApps;
  return (
    <div className="space-y-6">
      <NonCompliantCard deployments={nonCompliant} />
      <DriftedCard deployments={drifted} />
      <PendingLinksCard links={pendingLinks} />
      <Card>
        <CardHeader
          as="h1"
          title="Apps"
          description={me.can.readEveryTeam ? "Apps of every team" : "Apps of your teams"}
          actions={
            canCreate ? (
              <Button asChild>
                <Link href="/apps/new">
                  <Icon icon={Plus} className="h-4 w-4" aria-hidden /> New app
                </Link>
              </Button>
            ) : null
          }
        />
        {apps.length === 0 ? (
          <div className="p-5">
            <EmptyState title="No apps yet">{canCreate ? "Register your first app with “New app”, then deploy it to a cloud target." : "Apps appear here once developers register them."}</EmptyState>
          </div>
        ) : (
          <AppsTable apps={apps} showTeam={me.can.readEveryTeam || me.teams.length > 1} />
        )}
      </Card>
    </div>
  );
}
