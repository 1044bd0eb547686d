"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { toast } from "@/app/_components/ui/toast";

function RemoveRegistryButtonContent({ credential }: { credential: { teamId: string; team: string; registry: string } }) {
  const trpc = useTRPC();
  const router = useRouter();
  const remove = useMutation(
    trpc.registries.delete.mutationOptions({
      onSuccess: () => {
        toast.success(`Credentials for ${credential.registry} removed from ${credential.team}`);
        router.refresh();
      },
      onError: (error) => toast.error(error.message),
    }),
  );
  return (
    <ConfirmDialog
      trigger={
        <Button size="sm" variant="secondary" disabled={remove.isPending} aria-label={`Remove ${credential.registry} (${credential.team})`}>
          Remove
        </Button>
      }
      title={`Remove the ${credential.team} team's credentials for ${credential.registry}?`}
      description={`Bulkhead then pulls the ${credential.team} team's images from ${credential.registry} without credentials, which a private registry refuses. Nothing is kept: to use them again, enter them again.`}
      confirmLabel="Remove credentials"
      pending={remove.isPending}
      onConfirm={() => remove.mutate({ teamId: credential.teamId, registry: credential.registry })}
    />
  );
}

export const RemoveRegistryButton = withTRPC(RemoveRegistryButtonContent);
