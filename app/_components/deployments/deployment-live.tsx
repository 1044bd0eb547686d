"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { Card, CardBody, CardHeader } from "@/app/_components/ui/card";
import type { PolicyDecision, ProviderPlan } from "@/app/_lib/api-types";
import { PolicyDecisionView } from "./policy-decision";
import { PlanRoutes } from "./plan-routes";
import type { DeploymentSpec } from "@/server/deployments/contract";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { Field, Input } from "@/app/_components/ui/field";
import { Table, Td, Th } from "@/app/_components/ui/table";
import { ProgressSteps } from "./progress-steps";
import { providerNames } from "./provider-names";
import { DeploymentStatusBadge } from "./status-badge";
import { DriftCard } from "./drift-card";
import { utcSecond } from "@/app/_lib/utc-time";
import { SecretRefs } from "@/app/_components/secrets/secret-refs";
import { revisionSummary } from "./revision-summary";

const busy = new Set(["queued", "deploying", "destroying"]);

/** A deployment, refreshed every second while work is under way, so progress shows without reloading. */
function DeploymentLiveContent({ id, canChange }: { id: string; canChange: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data } = useQuery(trpc.deployments.get.queryOptions({ id }, { refetchInterval: (query) => (query.state.data && !busy.has(query.state.data.status) ? 5_000 : 1_000) }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.deployments.get.queryKey({ id }) });
  const onError = (error: { message: string }) => toast.error(error.message);
  const rollback = useMutation(trpc.deployments.rollback.mutationOptions({ onSuccess: refresh, onError }));
  // A refused scale names its field (e.g. a minimum above the maximum) beside that field, not in a toast.
  const [scaleErrors, setScaleErrors] = useState<Record<string, string[] | undefined>>({});
  const scale = useMutation(
    trpc.deployments.scale.mutationOptions({
      onMutate: () => setScaleErrors({}),
      onSuccess: refresh,
      onError: (error) => {
        const fieldErrors = error.data?.fieldErrors;
        if (fieldErrors?.minInstances || fieldErrors?.maxInstances) setScaleErrors(fieldErrors);
        else onError(error);
      },
    }),
  );
  const destroy = useMutation(trpc.deployments.destroy.mutationOptions({ onSuccess: refresh, onError }));
  const [instances, setInstances] = useState<{ min: number; max: number } | null>(null);
  if (!data) return <p className="text-sm text-slate-500">Loading…</p>;

  const live = data.status !== "destroyed" && data.status !== "destroying";
  const current = data.revisions[0]?.spec;
  const scaleTo = instances ?? { min: current?.minInstances ?? 1, max: current?.maxInstances ?? 1 };
  // Revisions made before policy was enforced have no decision.
  const latestDecision = data.revisions[0]?.decision;
  const latestRoutes = data.revisions[0]?.plan.routes;

  return (
    <div className="space-y-6">
      <Link href={`/apps/${data.app.id}`} className="text-sm text-brand-700 hover:underline">
        ← {data.app.name}
      </Link>
      <Card>
        <CardHeader
          title={`${data.app.name} on ${data.target.name}`}
          description={`${providerNames[data.target.kind] ?? data.target.kind} · cloud resource ${data.resourceName}`}
          actions={
            canChange && live ? (
              <div className="flex gap-2">
                <Button asChild variant="secondary">
                  <Link href={`/apps/${data.app.id}/deploy?from=${data.id}`}>Redeploy</Link>
                </Button>
                <ConfirmDialog
                  trigger={<Button variant="danger">Destroy</Button>}
                  title={`Destroy ${data.app.name} on ${data.target.name}?`}
                  description="The cloud resource is deleted and the app stops answering. The history stays in the audit trail."
                  confirmLabel="Destroy"
                  pending={destroy.isPending}
                  onConfirm={() => destroy.mutate({ id })}
                />
              </div>
            ) : null
          }
        />
        <CardBody className="space-y-3">
          <div className="flex flex-wrap items-center gap-4">
            <span role="status" aria-label="Deployment status">
              <DeploymentStatusBadge status={data.status} />
            </span>
            <ProgressSteps status={data.status} />
          </div>
          <p className="text-sm text-slate-700">{data.statusMessage}</p>
          {data.url ? (
            <p className="text-sm">
              Address: <code className="rounded bg-slate-100 px-1">{data.url}</code>
            </p>
          ) : null}
          <p className="text-xs text-slate-500">
            Running revision {data.runningRevision ?? "—"} · desired revision {data.desiredRevision}
          </p>
        </CardBody>
      </Card>

      <DriftCard deployment={data} onChange={refresh} />

      {canChange && live && current ? (
        <Card>
          <CardHeader title="Scale" description="Instances the cloud keeps running (minimum) and may add under load (maximum)." />
          <CardBody>
            <form
              className="flex items-end gap-3"
              onSubmit={(event) => {
                event.preventDefault();
                scale.mutate({ id, minInstances: scaleTo.min, maxInstances: scaleTo.max });
              }}
            >
              <Field id="scale-min" label="Min instances" error={scaleErrors.minInstances?.[0]}>
                <Input id="scale-min" type="number" aria-invalid={!!scaleErrors.minInstances} value={scaleTo.min} onChange={(e) => setInstances({ ...scaleTo, min: e.target.valueAsNumber })} />
              </Field>
              <Field id="scale-max" label="Max instances" error={scaleErrors.maxInstances?.[0]}>
                <Input id="scale-max" type="number" aria-invalid={!!scaleErrors.maxInstances} value={scaleTo.max} onChange={(e) => setInstances({ ...scaleTo, max: e.target.valueAsNumber })} />
              </Field>
              <Button type="submit" variant="secondary" disabled={scale.isPending}>
                Scale
              </Button>
            </form>
          </CardBody>
        </Card>
      ) : null}

      {latestDecision ? (
        <Card>
          <CardHeader title="Policy" description={`What policy said of revision ${data.revisions[0].number} when it was made, setting by setting.`} />
          <CardBody>
            <PolicyDecisionView decision={latestDecision} />
            {latestRoutes ? (
              <div className="mt-4">
                <PlanRoutes routes={latestRoutes} />
              </div>
            ) : null}
          </CardBody>
        </Card>
      ) : null}

      <Card>
        <CardHeader title="Revisions" description="Each deploy, rollback or scale is an immutable revision." />
        <Table aria-label="Revisions">
          <thead>
            <tr>
              <Th>#</Th>
              <Th>Reason</Th>
              <Th>Image</Th>
              <Th>Secrets</Th>
              <Th>Created</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {data.revisions.map((revision) => (
              <tr key={revision.number}>
                <Td>{revision.number}</Td>
                <Td>{revision.reason}</Td>
                <Td className="max-w-xs truncate font-mono text-xs">{revision.spec.image}</Td>
                <Td>
                  <SecretRefs secrets={revision.spec.secrets} />
                </Td>
                <Td className="whitespace-nowrap text-slate-500">{utcSecond(revision.createdAt)}</Td>
                <Td>
                  {canChange && live && revision.number < data.desiredRevision ? (
                    <ConfirmDialog
                      trigger={
                        <Button size="sm" variant="secondary" disabled={rollback.isPending}>
                          Roll back to {revision.number}
                        </Button>
                      }
                      title={`Roll back to revision ${revision.number}?`}
                      description={revisionSummary(revision.number, revision.spec)}
                      confirmLabel="Roll back"
                      pending={rollback.isPending}
                      onConfirm={() => rollback.mutate({ id, toRevision: revision.number })}
                    />
                  ) : null}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>

      <Card>
        <CardHeader title="Timeline" />
        <ol aria-label="Timeline" className="divide-y divide-slate-100">
          {data.events.map((event) => (
            <li key={event.id} className="flex gap-4 px-5 py-2 text-sm">
              <span className="w-40 shrink-0 font-mono text-xs text-slate-500">{utcSecond(event.at)}</span>
              <DeploymentStatusBadge status={event.status} />
              <span className="text-slate-700">{event.message}</span>
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}

export const DeploymentLive = withTRPC(DeploymentLiveContent);
