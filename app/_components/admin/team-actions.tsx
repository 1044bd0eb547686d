"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { Input } from "@/app/_components/ui/field";

/** Rename a team; archive it (refused while it runs deployments) or restore it. */
function TeamActionsContent({ team }: { team: { id: string; name: string; archivedAt: Date | null } }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState(team.name);
  const done = (message: string) => {
    toast.success(message);
    router.refresh();
  };
  const onError = (error: { message: string }) => toast.error(error.message);
  const rename = useMutation(trpc.identity.renameTeam.mutationOptions({ onSuccess: (t) => done(`Renamed to ${t.name}`), onError }));
  const archive = useMutation(trpc.identity.archiveTeam.mutationOptions({ onSuccess: (t) => done(`${t.name} archived`), onError }));
  const restore = useMutation(trpc.identity.restoreTeam.mutationOptions({ onSuccess: (t) => done(`${t.name} restored`), onError }));
  return (
    <div className="flex flex-wrap items-center gap-2">
      <label htmlFor={`rename-${team.id}`} className="sr-only">
        New name of {team.name}
      </label>
      <Input id={`rename-${team.id}`} className="h-8 w-44" maxLength={80} value={name} onChange={(event) => setName(event.target.value)} />
      <Button size="sm" variant="secondary" disabled={rename.isPending || name.trim() === team.name || name.trim().length < 2} onClick={() => rename.mutate({ teamId: team.id, name })}>
        Rename
      </Button>
      {team.archivedAt ? (
        <Button size="sm" variant="secondary" disabled={restore.isPending} onClick={() => restore.mutate({ teamId: team.id })}>
          Restore
        </Button>
      ) : (
        <ConfirmDialog
          trigger={
            <Button size="sm" variant="danger" disabled={archive.isPending}>
              Archive
            </Button>
          }
          title={`Archive ${team.name}?`}
          description="It takes no new members, invitations or apps; its pending invitations are revoked. Refused while it still runs deployments. It can be restored."
          confirmLabel="Archive team"
          pending={archive.isPending}
          onConfirm={() => archive.mutate({ teamId: team.id })}
        />
      )}
    </div>
  );
}

export const TeamActions = withTRPC(TeamActionsContent);
