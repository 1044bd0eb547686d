"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { toast } from "@/app/_components/ui/toast";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";

/** `children`: the button's label, with its icon rendered by the server (lucide's code then stays off the page). */
function DeleteAppButtonContent({ app, children }: { app: { id: string; name: string }; children: React.ReactNode }) {
  const trpc = useTRPC();
  const router = useRouter();
  const remove = useMutation(
    trpc.apps.delete.mutationOptions({
      onSuccess: () => {
        toast.success(`Deleted ${app.name}`);
        router.push("/apps");
        router.refresh();
      },
      onError: (error) => toast.error(error.message),
    }),
  );
  return (
    <ConfirmDialog
      trigger={
        <Button variant="secondary">{children}</Button>
      }
      title={`Delete ${app.name}?`}
      description="The app's registration is removed. The deletion is recorded in the audit trail and cannot be undone."
      confirmLabel="Delete app"
      pending={remove.isPending}
      onConfirm={() => remove.mutate({ id: app.id })}
    />
  );
}

export const DeleteAppButton = withTRPC(DeleteAppButtonContent);
