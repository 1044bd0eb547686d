"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { Input } from "@/app/_components/ui/field";

interface Check {
  id: string;
  status: string;
  message: string;
}

/** Runs "Test connection" and follows the check until the provider has answered. */
function ConnectionTest({ target, last }: { target: { id: string; name: string }; last: Check | null }) {
  const trpc = useTRPC();
  const [checkId, setCheckId] = useState<string | null>(null);
  const start = useMutation(trpc.targets.testConnection.mutationOptions({ onSuccess: (check) => setCheckId(check.id), onError: (error) => toast.error(error.message) }));
  const followed = useQuery({
    ...trpc.targets.connectionCheck.queryOptions({ id: checkId ?? "" }),
    enabled: Boolean(checkId),
    refetchInterval: (query) => (query.state.data?.status === "queued" ? 500 : false),
  });
  const check: Check | null = checkId ? (followed.data ?? { id: checkId, status: "queued", message: "" }) : last;
  const text = !check ? "Not tested yet" : check.status === "queued" ? "Testing…" : `${check.status === "passed" ? "Passed" : "Failed"}: ${check.message}`;
  return (
    <div className="space-y-1">
      <Button size="sm" variant="secondary" disabled={start.isPending || check?.status === "queued"} onClick={() => start.mutate({ id: target.id })}>
        Test connection
      </Button>
      <p role="status" aria-label={`Connection test of ${target.name}`} className={`max-w-md text-xs ${check?.status === "failed" ? "text-red-700" : "text-slate-600"}`}>
        {text}
      </p>
    </div>
  );
}

/** Disable (asks why, for the developers who see it) or enable again. */
function Availability({ target }: { target: { id: string; name: string; disabledAt: Date | null } }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [reason, setReason] = useState("");
  const done = (message: string) => {
    toast.success(message);
    router.refresh();
  };
  const disable = useMutation(trpc.targets.disable.mutationOptions({ onSuccess: () => done(`${target.name} takes no new deploys`), onError: (error) => toast.error(error.message) }));
  const enable = useMutation(trpc.targets.enable.mutationOptions({ onSuccess: () => done(`${target.name} takes deploys again`), onError: (error) => toast.error(error.message) }));
  if (target.disabledAt) {
    return (
      <Button size="sm" variant="secondary" disabled={enable.isPending} onClick={() => enable.mutate({ id: target.id })}>
        Enable
      </Button>
    );
  }
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={`disable-${target.id}`} className="sr-only">
        Why disable {target.name}
      </label>
      <Input id={`disable-${target.id}`} className="h-8 w-44" placeholder="Why disable it" maxLength={500} value={reason} onChange={(event) => setReason(event.target.value)} />
      <Button size="sm" variant="secondary" disabled={disable.isPending || !reason.trim()} onClick={() => disable.mutate({ id: target.id, reason })}>
        Disable
      </Button>
    </div>
  );
}

function Removal({ target }: { target: { id: string; name: string } }) {
  const trpc = useTRPC();
  const router = useRouter();
  const remove = useMutation(
    trpc.targets.delete.mutationOptions({
      onSuccess: () => {
        toast.success(`${target.name} deleted`);
        router.refresh();
      },
      // The refusal names the deployments still living on it.
      onError: (error) => toast.error(error.message),
    }),
  );
  return (
    <ConfirmDialog
      trigger={
        <Button size="sm" variant="danger" disabled={remove.isPending}>
          Delete
        </Button>
      }
      title={`Delete ${target.name}?`}
      description="Refused while deployments live on it. The target and its credentials are removed; its history stays in the audit trail."
      confirmLabel="Delete target"
      pending={remove.isPending}
      onConfirm={() => remove.mutate({ id: target.id })}
    />
  );
}

export interface ActionTarget {
  id: string;
  name: string;
  disabledAt: Date | null;
  lastCheck: Check | null;
  can: { testConnection: boolean; disable: boolean; enable: boolean; delete: boolean };
}

/** What IT operations do with a registered target, as its `can` flags allow. */
function TargetActionsContent({ target }: { target: ActionTarget }) {
  return (
    <div className="space-y-2">
      {target.can.testConnection ? <ConnectionTest target={target} last={target.lastCheck} /> : null}
      <div className="flex flex-wrap items-center gap-2">
        {target.can.disable || target.can.enable ? <Availability target={target} /> : null}
        {target.can.delete ? <Removal target={target} /> : null}
      </div>
    </div>
  );
}

export const TargetActions = withTRPC(TargetActionsContent);
