"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { toast } from "@/app/_components/ui/toast";

function RemoveSigningKeyButtonContent({ signingKey }: { signingKey: { id: string; name: string; scope: string } }) {
  const trpc = useTRPC();
  const router = useRouter();
  const remove = useMutation(
    trpc.signingKeys.remove.mutationOptions({
      onSuccess: () => {
        toast.success(`${signingKey.name} is no longer trusted`);
        router.refresh();
      },
      onError: (error) => toast.error(error.message),
    }),
  );
  return (
    <ConfirmDialog
      trigger={
        <Button size="sm" variant="secondary" disabled={remove.isPending} aria-label={`Remove ${signingKey.name} (${signingKey.scope})`}>
          Remove
        </Button>
      }
      title={`Stop trusting ${signingKey.name}?`}
      description="Images it signed then count as signed by no trusted key: where a signature is required, their next deploy, scale or rollback is refused."
      confirmLabel="Remove key"
      pending={remove.isPending}
      onConfirm={() => remove.mutate({ id: signingKey.id })}
    />
  );
}

export const RemoveSigningKeyButton = withTRPC(RemoveSigningKeyButtonContent);
