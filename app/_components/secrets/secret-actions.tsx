"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { Textarea } from "@/app/_components/ui/field";
import { toast } from "@/app/_components/ui/toast";
import { announceSecretChange } from "./announce";

/** Rotate (a new value, as a new version) or delete one secret of the app. */
function SecretActionsContent({ appId, secret }: { appId: string; secret: { name: string; targetId?: string; scope: string } }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [rotating, setRotating] = useState(false);
  const [value, setValue] = useState("");
  const key = { appId, name: secret.name, targetId: secret.targetId };
  const rotate = useMutation(
    trpc.secrets.set.mutationOptions({
      onSuccess: (result) => {
        announceSecretChange(`Secret ${result.secret.name} rotated to version ${result.secret.version}`, result.redeployed);
        setRotating(false);
        setValue("");
        router.refresh();
      },
      onError: (error) => toast.error(error.message),
    }),
  );
  const remove = useMutation(
    trpc.secrets.delete.mutationOptions({
      onSuccess: (result) => {
        announceSecretChange(`Secret ${result.secret.name} deleted`, result.redeployed);
        router.refresh();
      },
      onError: (error) => toast.error(error.message),
    }),
  );
  if (rotating) {
    return (
      <form
        className="flex min-w-64 flex-col gap-2"
        aria-label={`Rotate ${secret.name}`}
        onSubmit={(event) => {
          event.preventDefault();
          rotate.mutate({ ...key, value });
        }}
      >
        <label htmlFor={`rotate-${secret.name}-${secret.targetId ?? "all"}`} className="text-xs font-medium">
          New value of {secret.name}
        </label>
        <Textarea id={`rotate-${secret.name}-${secret.targetId ?? "all"}`} className="font-mono" autoComplete="off" spellCheck={false} rows={2} value={value} onChange={(event) => setValue(event.target.value)} />
        <div className="flex gap-2">
          <Button size="sm" type="submit" disabled={rotate.isPending || !value}>
            {rotate.isPending ? "Saving…" : "Save new version"}
          </Button>
          <Button size="sm" type="button" variant="secondary" onClick={() => setRotating(false)}>
            Cancel
          </Button>
        </div>
      </form>
    );
  }
  return (
    <div className="flex flex-wrap gap-2">
      <Button size="sm" variant="secondary" onClick={() => setRotating(true)} aria-label={`Rotate ${secret.name} (${secret.scope})`}>
        Rotate
      </Button>
      <ConfirmDialog
        trigger={
          <Button size="sm" variant="secondary" disabled={remove.isPending} aria-label={`Delete ${secret.name} (${secret.scope})`}>
            Delete
          </Button>
        }
        title={`Delete ${secret.name} (${secret.scope})?`}
        description="Every version is destroyed. Each live deployment that uses it gets a new revision without it, and its copy in the cloud's secret store is removed when the deployment is destroyed."
        confirmLabel="Delete secret"
        pending={remove.isPending}
        onConfirm={() => remove.mutate(key)}
      />
    </div>
  );
}

export const SecretActions = withTRPC(SecretActionsContent);
