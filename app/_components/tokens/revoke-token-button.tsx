"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { toast } from "@/app/_components/ui/toast";

function RevokeTokenButtonContent({ token }: { token: { id: string; name: string } }) {
  const trpc = useTRPC();
  const router = useRouter();
  const revoke = useMutation(
    trpc.tokens.revoke.mutationOptions({
      onSuccess: () => {
        toast.success(`Token ${token.name} revoked`);
        router.refresh();
      },
      onError: (error) => toast.error(error.message),
    }),
  );
  return (
    <ConfirmDialog
      trigger={
        <Button size="sm" variant="secondary" disabled={revoke.isPending} aria-label={`Revoke ${token.name}`}>
          Revoke
        </Button>
      }
      title={`Revoke ${token.name}?`}
      description="Every job or script using it is refused from its next request (401). This cannot be undone: make a new token to replace it."
      confirmLabel="Revoke token"
      pending={revoke.isPending}
      onConfirm={() => revoke.mutate({ id: token.id })}
    />
  );
}

export const RevokeTokenButton = withTRPC(RevokeTokenButtonContent);
