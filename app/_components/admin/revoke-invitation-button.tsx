"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { toast } from "@/app/_components/ui/toast";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";

function RevokeInvitationButtonContent({ invitation }: { invitation: { id: string; email: string } }) {
  const trpc = useTRPC();
  const router = useRouter();
  const revoke = useMutation(
    trpc.identity.revokeInvitation.mutationOptions({
      onSuccess: () => {
        toast.success(`The link for ${invitation.email} no longer works`);
        router.refresh();
      },
      onError: (error) => toast.error(error.message),
    }),
  );
  return (
    <Button size="sm" variant="secondary" aria-label={`Revoke the invitation of ${invitation.email}`} disabled={revoke.isPending} onClick={() => revoke.mutate({ id: invitation.id })}>
      Revoke
    </Button>
  );
}

export const RevokeInvitationButton = withTRPC(RevokeInvitationButtonContent);
