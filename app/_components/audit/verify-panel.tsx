"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ShieldCheck, ShieldX } from "lucide-react";
import { useState } from "react";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/routers";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";

type Report = inferRouterOutputs<AppRouter>["audit"]["verify"];

/** Checks the whole chain and the signed checkpoints on demand, and shows the key to verify exports offline. */
export function VerifyPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = useQuery(trpc.audit.publicKey.queryOptions());
  const [report, setReport] = useState<Report | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const verify = async () => {
    setPending(true);
    setError(null);
    try {
      setReport(await queryClient.fetchQuery(trpc.audit.verify.queryOptions({}, { staleTime: 0 })));
    } catch (e) {
      setError(e instanceof Error ? e.message : "Verification could not run");
    } finally {
      setPending(false);
    }
  };

  return (
    <div className="space-y-3 text-sm">
      <div className="flex items-center gap-3">
        <Button variant="secondary" onClick={verify} disabled={pending}>
          {pending ? "Verifying…" : "Verify the chain"}
        </Button>
        {report ? (
          <p role="status" className={report.ok ? "flex items-center gap-1 text-green-700" : "flex items-center gap-1 text-red-700"}>
            {report.ok ? <ShieldCheck className="h-4 w-4" aria-hidden /> : <ShieldX className="h-4 w-4" aria-hidden />}
            {report.ok
              ? `Intact: ${report.checked} events and ${report.checkpoints} signed checkpoints verified`
              : report.firstBroken
                ? `Broken at event #${report.firstBroken.sequence}: ${report.firstBroken.problem} (${report.firstBroken.detail})`
                : `Checkpoint #${report.badCheckpoint?.sequence} does not verify: ${report.badCheckpoint?.detail}`}
          </p>
        ) : null}
        {error ? <p role="alert" className="text-red-700">{error}</p> : null}
      </div>
      {key.data ? (
        <details>
          <summary className="cursor-pointer text-slate-600">Checkpoint signing key ({key.data.algorithm}, fingerprint {key.data.fingerprint.slice(0, 16)}…)</summary>
          <pre className="mt-2 overflow-x-auto rounded bg-slate-100 p-2 text-xs">{key.data.publicKeyPem}</pre>
        </details>
      ) : null}
    </div>
  );
}
