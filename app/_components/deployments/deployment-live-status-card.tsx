"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { toast } from "@/app/_components/ui/toast";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { Card, CardBody, CardHeader } from "@/app/_components/ui/card";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { DeploymentCloudState } from "./deployment-cloud-state";
import { ProgressSteps } from "./progress-steps";
import { DeploymentStatusBadge } from "./status-badge";
import type { LiveDeployment } from "@/app/_lib/api-types";

/** The deployment itself (the page's title): where it runs, its status and progress, and Redeploy and Destroy. */
export function DeploymentStatusCard({
  deployment: data,
  providerName,
  canChange,
  live,
  onChange,
}: {
  deployment: LiveDeployment;
  /** The target's provider as people read it (targets.providers). */
  providerName: string;
  canChange: boolean;
  live: boolean;
  onChange: () => void;
}) {
  const trpc = useTRPC();
  const destroy = useMutation(trpc.deployments.destroy.mutationOptions({ onSuccess: onChange, onError: (error) => toast.error(error.message) }));
  return (
    <Card>
      <CardHeader
        as="h1"
        title={`${data.app.name} on ${data.target.name}`}
        description={`${providerName} · cloud resource ${data.resourceName}`}
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
                onConfirm={() => destroy.mutate({ id: data.id })}
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
        {live && data.resourceRef ? <DeploymentCloudState id={data.id} /> : null}
        <p className="text-xs text-slate-500">
          Running revision {data.runningRevision ?? "—"} · desired revision {data.desiredRevision}
        </p>
      </CardBody>
    </Card>
  );
}
