"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/_lib/trpc";

/** Where the app answers and how many instances run, asked of the cloud every few seconds (not what was configured). */
export function DeploymentCloudState({ id }: { id: string }) {
  const trpc = useTRPC();
  const { data } = useQuery(trpc.deployments.liveState.queryOptions({ id }, { refetchInterval: 5_000 }));
  if (!data) return null;
  if (data.problem) return <p className="text-sm text-slate-600">The cloud now: {data.problem}</p>;
  return (
    <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm" aria-label="In the cloud now">
      <div className="flex gap-2">
        <dt className="text-slate-500">Address</dt>
        <dd>{data.url ? <code className="rounded bg-slate-100 px-1">{data.url}</code> : "none (not reachable from outside)"}</dd>
      </div>
      <div className="flex gap-2">
        <dt className="text-slate-500">Instances running now</dt>
        <dd>{data.runningInstances ?? "not reported by this cloud"}</dd>
      </div>
      {data.phase && data.phase !== "running" && data.message ? (
        <div className="flex basis-full gap-2">
          <dt className="text-slate-500">The cloud says</dt>
          <dd>{data.message}</dd>
        </div>
      ) : null}
    </dl>
  );
}
