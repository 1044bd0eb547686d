"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { toast } from "@/app/_components/ui/toast";
import type { LinkView, Reapplied } from "@/app/_lib/api-types";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";

/** Says what a decision did to the live deployments of both apps. */
function announce(verb: string, redeployed: Reapplied[]) {
  const queued = redeployed.filter((r) => r.revision !== null).length;
  toast.success(`Link ${verb}${queued ? `; ${queued} live deployment${queued === 1 ? "" : "s"} re-applied with it` : ""}`);
  for (const r of redeployed.filter((r) => r.refused)) toast.warning(`Deployment on ${r.target} keeps its current revision: ${r.refused}`);
}

/** Approve, reject, revoke or withdraw: only the buttons the server says this viewer may use. */
function LinkActionsContent({ link }: { link: Pick<LinkView, "id" | "status" | "from" | "to" | "port" | "can"> }) {
  const trpc = useTRPC();
  const router = useRouter();
  const handlers = (verb: string) => ({
    onSuccess: (result: { redeployed: Reapplied[] }) => {
      announce(verb, result.redeployed);
      router.refresh();
    },
    onError: (error: { message: string }) => toast.error(error.message),
  });
  const approve = useMutation(trpc.links.approve.mutationOptions(handlers("approved")));
  const reject = useMutation(trpc.links.reject.mutationOptions(handlers("rejected")));
  const revoke = useMutation(trpc.links.revoke.mutationOptions(handlers(link.status === "approved" ? "revoked" : "withdrawn")));
  const pending = approve.isPending || reject.isPending || revoke.isPending;
  const route = `${link.from.name} → ${link.to.name} on port ${link.port}`;
  if (!link.can.approve && !link.can.reject && !link.can.revoke) return null;
  return (
    <div className="flex flex-wrap gap-2">
      {link.can.approve ? (
        <Button size="sm" disabled={pending} onClick={() => approve.mutate({ id: link.id, note: "" })}>
          Approve
        </Button>
      ) : null}
      {link.can.reject ? (
        <Button size="sm" variant="secondary" disabled={pending} onClick={() => reject.mutate({ id: link.id, note: "" })}>
          Reject
        </Button>
      ) : null}
      {link.can.revoke ? (
        <ConfirmDialog
          trigger={
            <Button size="sm" variant="secondary" disabled={pending}>
              {link.status === "approved" ? "Revoke" : "Withdraw"}
            </Button>
          }
          title={link.status === "approved" ? `Revoke ${route}?` : `Withdraw the request for ${route}?`}
          description={
            link.status === "approved"
              ? `${link.from.name} can no longer call ${link.to.name}: each live deployment of both apps gets a new revision without this route.`
              : "The request is closed; nothing changes on any cloud."
          }
          confirmLabel={link.status === "approved" ? "Revoke link" : "Withdraw request"}
          pending={pending}
          onConfirm={() => revoke.mutate({ id: link.id, note: "" })}
        />
      ) : null}
    </div>
  );
}

export const LinkActions = withTRPC(LinkActionsContent);
