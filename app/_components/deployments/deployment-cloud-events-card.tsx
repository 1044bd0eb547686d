"use client";

import { useQuery } from "@tanstack/react-query";
import { Badge } from "@/app/_components/ui/badge";
import { Card, CardBody, CardHeader } from "@/app/_components/ui/card";
import { useTRPC } from "@/app/_lib/trpc";
import { utcSecond } from "@/app/_lib/utc-time";

/** What the cloud itself reports (placement, pulls, failing probes, stopped instances and why), in its own words. */
export function DeploymentCloudEventsCard({ id, providerName }: { id: string; providerName: string }) {
  const trpc = useTRPC();
  const { data } = useQuery(trpc.deployments.cloudEvents.queryOptions({ id }, { refetchInterval: 5_000 }));
  return (
    <Card>
      <CardHeader title="Cloud events" description={`As ${providerName} reports them`} />
      {!data ? (
        <CardBody className="text-sm text-slate-500">Asking the cloud…</CardBody>
      ) : data.problem ? (
        <CardBody className="text-sm text-slate-600">{data.problem}</CardBody>
      ) : data.events.length === 0 ? (
        <CardBody className="text-sm text-slate-500">The cloud reports no events for this deployment.</CardBody>
      ) : (
        // Focusable so a long list can be scrolled with the keyboard.
        <ol aria-label="Cloud events" className="max-h-96 divide-y divide-slate-100 overflow-y-auto focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-400" tabIndex={0}>
          {data.events.map((event, index) => (
            <li key={`${event.time}-${index}`} className="space-y-1 px-5 py-2 text-sm">
              <div className="flex items-center gap-3">
                <span className="font-mono text-xs text-slate-500">{utcSecond(new Date(event.time))}</span>
                <Badge tone={event.severity === "warning" ? "bad" : "neutral"}>{event.severity === "warning" ? "Warning" : "Normal"}</Badge>
                <span className="text-xs text-slate-500">{event.source}</span>
              </div>
              <p className="break-words text-slate-700">{event.message}</p>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
