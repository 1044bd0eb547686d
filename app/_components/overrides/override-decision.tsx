"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { toast } from "@/app/_components/ui/toast";
import type { OverrideView } from "@/app/_lib/api-types";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";

/** Approve or reject a break-glass request: only when the server says this viewer may. */
function OverrideDecisionContent({ override }: { override: Pick<OverrideView, "id" | "app" | "target" | "durationMinutes" | "waives" | "can"> }) {
  const trpc = useTRPC();
  const router = useRouter();
  const done = (verb: string) => ({
    onSuccess: () => {
      toast.success(`Override ${verb}`);
      router.refresh();
    },
    onError: (error: { message: string }) => toast.error(error.message),
  });
  const approve = useMutation(trpc.overrides.approve.mutationOptions(done("approved: the deployment runs with it")));
  const reject = useMutation(trpc.overrides.reject.mutationOptions(done("rejected")));
  if (!override.can.decide) return null;
  const pending = approve.isPending || reject.isPending;
  const on = `${override.app.name} on ${override.target.name}`;
  return (
    <div className="flex flex-wrap gap-2">
      <ConfirmDialog
        trigger={
          <Button size="sm" disabled={pending}>
            Approve
          </Button>
        }
        title={`Approve the break-glass override of ${on}?`}
        description={`The refused deploy runs now, with ${override.waives.map((r) => r.message).join("; ")} waived for ${override.durationMinutes} minutes. It is audited, shown on the deployment, and judged again when it expires.`}
        confirmLabel="Approve and deploy"
        pending={pending}
        onConfirm={() => approve.mutate({ id: override.id, note: "" })}
      />
      <Button size="sm" variant="secondary" disabled={pending} onClick={() => reject.mutate({ id: override.id, note: "" })}>
        Reject
      </Button>
    </div>
  );
}

export const OverrideDecision = withTRPC(OverrideDecisionContent);
