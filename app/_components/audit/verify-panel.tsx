"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ShieldCheck, ShieldX } from "lucide";
import { Icon } from "@/app/_components/ui/icon";
import { useState } from "react";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/app/_lib/api-types";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { utcSecond } from "@/app/_lib/utc-time";

type Run = NonNullable<inferRouterOutputs<AppRouter>["audit"]["verification"]>;

const inProgress = (run: Run | null | undefined) => run?.status === "queued" || run?.status === "running";

function Outcome({ run }: { run: Run }) {
  if (inProgress(run)) {
    const percent = run.total ? Math.min(100, Math.floor((run.checked / run.total) * 100)) : 0;
    return (
      <div className="flex w-full max-w-md flex-col gap-1">
        <div role="progressbar" aria-label="Verification progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className="h-2 overflow-hidden rounded bg-slate-200">
          <div className="h-full bg-brand-600 transition-all" style={{ width: `${percent}%` }} />
        </div>
        <p role="status" className="text-slate-600">
          {run.status === "queued" ? "Queued: waiting for a worker…" : `Verifying: ${run.checked.toLocaleString("en")} of ${(run.total ?? 0).toLocaleString("en")} events (${percent}%)`}
        </p>
      </div>
    );
  }
  if (run.status === "failed") return <p role="alert" className="text-red-700">Verification could not finish: {run.failure}</p>;
  const range = `events ${run.from}–${run.to ?? run.from}`;
  if (run.status === "broken" && !run.firstBroken && !run.badCheckpoint && run.witnessProblem) {
    return (
      <p role="status" className="flex items-center gap-1 text-red-700">
        <Icon icon={ShieldX} className="h-4 w-4" aria-hidden />
        Not verified against the witnesses: {run.witnessProblem}
      </p>
    );
  }
  if (run.status === "passed") {
    return (
      <p role="status" className="flex items-center gap-1 text-green-700">
        <Icon icon={ShieldCheck} className="h-4 w-4" aria-hidden />
        Intact: {run.checked.toLocaleString("en")} events ({range}) and {run.checkpoints} signed checkpoints verified
        {run.head?.hash ? <span className="font-mono text-xs" title={run.head.hash}>· head #{run.head.sequence} {run.head.hash.slice(0, 16)}…</span> : null}
      </p>
    );
  }
  return (
    <p role="status" className="flex items-center gap-1 text-red-700">
      <Icon icon={ShieldX} className="h-4 w-4" aria-hidden />
      {run.firstBroken
        ? `Broken at event #${run.firstBroken.sequence}: ${run.firstBroken.problem} (${run.firstBroken.detail})`
        : `Checkpoint #${run.badCheckpoint?.sequence} does not verify: ${run.badCheckpoint?.detail}`}
    </p>
  );
}

/** Starts a verification of the chain (or a range) as a background job, follows its progress and shows its
 * result; also shows the key to verify exports offline. */
function VerifyPanelContent() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = useQuery(trpc.audit.publicKey.queryOptions());
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [runId, setRunId] = useState<string | undefined>(undefined);
  // Without an id: the latest run, so a reload shows where the last one stands.
  const run = useQuery(trpc.audit.verification.queryOptions({ id: runId }, { staleTime: 1_000, refetchInterval: (query) => (inProgress(query.state.data) ? 1_000 : false) }));
  const start = useMutation(
    trpc.audit.startVerification.mutationOptions({
      onSuccess: (started) => {
        // Shown at once as queued; polling takes over from there.
        queryClient.setQueryData(trpc.audit.verification.queryKey({ id: started.id }), started);
        setRunId(started.id);
      },
    }),
  );

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    // The API's own schema, loaded when the form is first submitted: zod is not part of the page's first load.
    const { auditVerifyInput } = await import("@/server/audit/contract-schemas");
    const parsed = auditVerifyInput.safeParse({ from: from.trim() || undefined, to: to.trim() || undefined });
    if (!parsed.success) {
      setFieldError(parsed.error.issues.map((issue) => `${issue.path.join(".") === "to" ? "To" : "From"}: ${issue.message}`).join("; "));
      return;
    }
    setFieldError(null);
    start.mutate(parsed.data);
  };
  const busy = start.isPending || inProgress(run.data);

  return (
    <div className="space-y-3 text-sm">
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1 text-slate-600">
          From event #
          <input value={from} onChange={(e) => setFrom(e.target.value)} inputMode="numeric" placeholder="1" className="w-28 rounded border border-slate-300 px-2 py-1" />
        </label>
        <label className="flex flex-col gap-1 text-slate-600">
          To event #
          <input value={to} onChange={(e) => setTo(e.target.value)} inputMode="numeric" placeholder="head" className="w-28 rounded border border-slate-300 px-2 py-1" />
        </label>
        <Button type="submit" variant="secondary" disabled={busy}>
          {busy ? "Verifying…" : "Verify the chain"}
        </Button>
      </form>
      {fieldError ? <p role="alert" className="text-red-700">{fieldError}</p> : null}
      {start.error ? <p role="alert" className="text-red-700">{start.error.message}</p> : null}
      {run.data ? (
        <div className="space-y-1">
          <Outcome run={run.data} />
          <p className="text-xs text-slate-500">
            Requested by {run.data.requestedByEmail} at {utcSecond(run.data.createdAt)} UTC
          </p>
        </div>
      ) : null}
      {key.data ? (
        <details>
          <summary className="cursor-pointer text-slate-600">Checkpoint signing key ({key.data.algorithm}, fingerprint {key.data.fingerprint.slice(0, 16)}…)</summary>
          <pre
            role="region"
            aria-label="Checkpoint signing public key"
            tabIndex={0}
            className="mt-2 overflow-x-auto rounded bg-slate-100 p-2 text-xs focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-600"
          >{key.data.publicKeyPem}</pre>
        </details>
      ) : null}
    </div>
  );
}

export const VerifyPanel = withTRPC(VerifyPanelContent);
