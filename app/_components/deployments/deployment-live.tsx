"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Tabs, tabPanelProps } from "@/app/_components/ui/tabs";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { DriftCard } from "./drift-card";
import { DeploymentStatusCard } from "./deployment-live-status-card";
import { DeploymentScaleCard } from "./deployment-live-scale-card";
import { DeploymentPolicyCard } from "./deployment-live-policy-card";
import { DeploymentRevisionsCard } from "./deployment-live-revisions-card";
import { DeploymentTimelineCard } from "./deployment-live-timeline-card";
import { DeploymentCloudEventsCard } from "./deployment-cloud-events-card";
import { DeploymentLogs } from "./deployment-logs";

const busy = new Set(["queued", "deploying", "destroying"]);
const VIEWS = { overview: "Overview", logs: "Logs" } as const;

/**
 * A deployment, refreshed every second while work is under way, so progress shows without reloading: one
 * component per card, each holding its own actions; this one reads the deployment and lays them out.
 */
function DeploymentLiveContent({ id, canChange, providerName }: { id: string; canChange: boolean; providerName: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [view, setView] = useState<keyof typeof VIEWS>("overview");
  const { data } = useQuery(trpc.deployments.get.queryOptions({ id }, { refetchInterval: (query) => (query.state.data && !busy.has(query.state.data.status) ? 5_000 : 1_000) }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.deployments.get.queryKey({ id }) });
  if (!data) return <p className="text-sm text-slate-500">Loading…</p>;

  const live = data.status !== "destroyed" && data.status !== "destroying";
  const current = data.revisions[0]?.spec;
  // Revisions made before policy was enforced have no decision.
  const latestDecision = data.revisions[0]?.decision;
  const latestRoutes = data.revisions[0]?.plan.routes;

  return (
    <div className="space-y-6">
      <Link href={`/apps/${data.app.id}`} className="text-sm text-brand-700 hover:underline">
        ← {data.app.name}
      </Link>
      <DeploymentStatusCard deployment={data} providerName={providerName} canChange={canChange} live={live} onChange={refresh} />
      <Tabs id="deployment" label="Deployment views" tabs={VIEWS} value={view} onChange={setView} />
      {view === "logs" ? (
        <div {...tabPanelProps("deployment", "logs")}>
          <DeploymentLogs id={id} />
        </div>
      ) : (
        <div {...tabPanelProps("deployment", "overview")} className="space-y-6">
          <DriftCard deployment={data} onChange={refresh} />
          {canChange && live && current ? <DeploymentScaleCard id={id} current={current} onChange={refresh} /> : null}
          {latestDecision ? <DeploymentPolicyCard revision={data.revisions[0].number} decision={latestDecision} routes={latestRoutes} /> : null}
          <DeploymentRevisionsCard deployment={data} canChange={canChange} live={live} onChange={refresh} />
          <div className="grid gap-6 lg:grid-cols-2">
            <DeploymentTimelineCard events={data.events} />
            <DeploymentCloudEventsCard id={id} providerName={providerName} />
          </div>
        </div>
      )}
    </div>
  );
}

export const DeploymentLive = withTRPC(DeploymentLiveContent);
