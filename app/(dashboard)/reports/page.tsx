import type { Metadata } from "next";
import { RebaseDueList } from "@/app/_components/reports/rebase-due-list";
import { RunsOnTable } from "@/app/_components/reports/runs-on-table";
import { Card, CardBody, CardHeader } from "@/app/_components/ui/card";
import { load } from "@/app/_lib/server-caller";
import { rebaseDue } from "@/server/catalog/contract";

export const metadata: Metadata = { title: "Reports" };

export default async function ReportsPage() {
  const [me, images] = await load((caller) => Promise.all([caller.identity.me(), caller.catalog.runsOn()]));
  // Rendered on the server for each request, so "now" is the request's.
  const now = new Date();
  const scope = me.can.readEveryTeam ? "every team" : "your teams";
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader as="h1" title="Rebase due" description={`Apps of ${scope} running on a retired base image, or one whose end of life is within 90 days.`} />
        <CardBody>
          <RebaseDueList teams={rebaseDue(images, now)} />
        </CardBody>
      </Card>
      <Card>
        <CardHeader
          title="What runs on what"
          description={`Per base image, the live deployments of ${scope} running it: the image their running revision was judged on.`}
          actions={
            <a className="text-sm font-medium text-blue-700 hover:underline" href="/api/reports/runs-on" download>
              Download CSV
            </a>
          }
        />
        <RunsOnTable images={images} now={now} />
      </Card>
    </div>
  );
}
