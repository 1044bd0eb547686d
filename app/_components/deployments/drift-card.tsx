"use client";

import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { Card, CardBody, CardHeader } from "@/app/_components/ui/card";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { Table, Td, Th } from "@/app/_components/ui/table";
import { toast } from "@/app/_components/ui/toast";
import { utcSecond } from "@/app/_lib/utc-time";

const say = (value: unknown) => (value === undefined || value === null ? "—" : typeof value === "string" ? value : JSON.stringify(value));

/**
 * What the reconcile job last read back from the cloud against the running revision: in sync, the settings that
 * differ, or the resource gone. "Check now" reads it back in the next job cycle; "Re-apply" converges it.
 */
export function DriftCard({
  deployment,
  onChange,
}: {
  deployment: {
    id: string;
    status: string;
    runningRevision: number | null;
    drift: { field: string; expected?: unknown; actual?: unknown }[] | null;
    driftCheckedAt: Date | null;
    driftSince: Date | null;
    can: { change: boolean; checkDrift: boolean };
  };
  onChange: () => void;
}) {
  const trpc = useTRPC();
  const onError = (error: { message: string }) => toast.error(error.message);
  const check = useMutation(trpc.deployments.checkDrift.mutationOptions({ onSuccess: () => toast.success("Reading the cloud back now; the result shows here in a moment"), onError }));
  const reapply = useMutation(trpc.deployments.reapply.mutationOptions({ onSuccess: () => (toast.success("Re-apply queued"), onChange()), onError }));
  const missing = deployment.status === "missing";
  if (deployment.status !== "running" && !missing) return null;
  const drifted = missing || !!deployment.drift?.length;
  return (
    <Card>
      <CardHeader
        title="Drift"
        description={
          missing
            ? `The cloud resource is gone since ${deployment.driftSince ? utcSecond(deployment.driftSince) : "the last check"}: it was deleted outside Bulkhead.`
            : deployment.driftCheckedAt
              ? `Read back from the cloud ${utcSecond(deployment.driftCheckedAt)}${drifted ? `; differs since ${utcSecond(deployment.driftSince!)}` : ": matches revision " + deployment.runningRevision}.`
              : "Not read back from the cloud yet; the reconcile job does so every few minutes."
        }
        actions={
          <div className="flex gap-2">
            {deployment.can.checkDrift && !missing ? (
              <Button variant="secondary" disabled={check.isPending} onClick={() => check.mutate({ id: deployment.id })}>
                Check now
              </Button>
            ) : null}
            {deployment.can.change && drifted ? (
              <ConfirmDialog
                trigger={<Button>Re-apply</Button>}
                title={missing ? "Create the cloud resource again?" : "Put the cloud back as revision says?"}
                description={`A new revision with the settings of revision ${deployment.runningRevision ?? "—"} is applied, replacing what was changed outside Bulkhead.`}
                confirmLabel="Re-apply"
                pending={reapply.isPending}
                onConfirm={() => reapply.mutate({ id: deployment.id })}
              />
            ) : null}
          </div>
        }
      />
      {deployment.drift?.length ? (
        <CardBody>
          <Table aria-label="Drift">
            <thead>
              <tr>
                <Th>Setting</Th>
                <Th>Revision {deployment.runningRevision} says</Th>
                <Th>The cloud has</Th>
              </tr>
            </thead>
            <tbody>
              {deployment.drift.map((d) => (
                <tr key={d.field}>
                  <Td className="font-mono text-xs">{d.field}</Td>
                  <Td className="font-mono text-xs">{say(d.expected)}</Td>
                  <Td className="font-mono text-xs text-red-700">{say(d.actual)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </CardBody>
      ) : null}
    </Card>
  );
}
