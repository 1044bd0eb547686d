import { Card, CardHeader } from "@/app/_components/ui/card";
import { utcSecond } from "@/app/_lib/utc-time";
import { DeploymentStatusBadge } from "./status-badge";
import type { LiveDeployment } from "@/app/_lib/api-types";

/** Every status change of the deployment, with its message. */
export function DeploymentTimelineCard({ events }: { events: LiveDeployment["events"] }) {
  return (
    <Card>
      <CardHeader title="Timeline" />
      <ol aria-label="Timeline" className="divide-y divide-slate-100">
        {events.map((event) => (
          <li key={event.id} className="flex gap-4 px-5 py-2 text-sm">
            <span className="w-40 shrink-0 font-mono text-xs text-slate-500">{utcSecond(event.at)}</span>
            <DeploymentStatusBadge status={event.status} />
            <span className="text-slate-700">{event.message}</span>
          </li>
        ))}
      </ol>
    </Card>
  );
}
