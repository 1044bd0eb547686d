"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";

interface Person {
  id: string;
  name: string;
  email: string;
  deactivatedAt: Date | null;
  teamIds: string[];
}

/** The teams a person belongs to, changed by ticking them; takes effect on their next request. */
function Memberships({ person, teams }: { person: Person; teams: { id: string; name: string; archivedAt: Date | null }[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [chosen, setChosen] = useState(new Set(person.teamIds));
  const save = useMutation(
    trpc.identity.setMemberships.mutationOptions({
      onSuccess: () => {
        toast.success(`Teams of ${person.name} saved`);
        router.refresh();
      },
      onError: (error) => toast.error(error.message),
    }),
  );
  const changed = chosen.size !== person.teamIds.length || person.teamIds.some((id) => !chosen.has(id));
  return (
    <fieldset className="flex flex-wrap items-center gap-x-3 gap-y-1">
      <legend className="sr-only">Teams of {person.email}</legend>
      {teams
        .filter((team) => !team.archivedAt || chosen.has(team.id))
        .map((team) => (
          <label key={team.id} className="flex items-center gap-1 text-xs">
            <input
              type="checkbox"
              checked={chosen.has(team.id)}
              onChange={(event) => {
                const next = new Set(chosen);
                if (event.target.checked) next.add(team.id);
                else next.delete(team.id);
                setChosen(next);
              }}
            />
            {team.name}
          </label>
        ))}
      {changed ? (
        <Button size="sm" variant="secondary" disabled={save.isPending} onClick={() => save.mutate({ userId: person.id, teamIds: [...chosen] })}>
          Save teams
        </Button>
      ) : null}
    </fieldset>
  );
}

/** Deactivate (signs them out everywhere at once) or reactivate a person. */
function Activation({ person }: { person: Person }) {
  const trpc = useTRPC();
  const router = useRouter();
  const done = (message: string) => {
    toast.success(message);
    router.refresh();
  };
  const onError = (error: { message: string }) => toast.error(error.message);
  const deactivate = useMutation(trpc.identity.deactivate.mutationOptions({ onSuccess: (after) => done(`${person.name} deactivated; ${after.sessionsRevoked} session(s) signed out`), onError }));
  const reactivate = useMutation(trpc.identity.reactivate.mutationOptions({ onSuccess: () => done(`${person.name} can sign in again`), onError }));
  if (person.deactivatedAt) {
    return (
      <Button size="sm" variant="secondary" aria-label={`Reactivate ${person.email}`} disabled={reactivate.isPending} onClick={() => reactivate.mutate({ userId: person.id })}>
        Reactivate
      </Button>
    );
  }
  return (
    <ConfirmDialog
      trigger={
        <Button size="sm" variant="danger" aria-label={`Deactivate ${person.email}`} disabled={deactivate.isPending}>
          Deactivate
        </Button>
      }
      title={`Deactivate ${person.name}?`}
      description={`${person.email} is signed out everywhere at once and cannot sign in (with a password or single sign-on) until reactivated. Recorded in the audit trail.`}
      confirmLabel="Deactivate and sign out"
      pending={deactivate.isPending}
      onConfirm={() => deactivate.mutate({ userId: person.id })}
    />
  );
}

function PersonActionsContent({ person, teams, self }: { person: Person; teams: { id: string; name: string; archivedAt: Date | null }[]; self: boolean }) {
  return (
    <div className="space-y-2">
      <Memberships person={person} teams={teams} />
      {self ? null : <Activation person={person} />}
    </div>
  );
}

export const PersonActions = withTRPC(PersonActionsContent);
