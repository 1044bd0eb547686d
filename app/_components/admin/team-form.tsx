"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { Field, Input } from "@/app/_components/ui/field";
import { useFieldErrors } from "./use-field-errors";

/** An admin creates a team; its slug (what SSO group maps name) is made from the name unless given. */
function TeamFormContent() {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const { errors, clear, fromIssues, fromError } = useFieldErrors();
  const create = useMutation(
    trpc.identity.createTeam.mutationOptions({
      onSuccess: (team) => {
        toast.success(`Team ${team.name} created (${team.slug})`);
        setName("");
        setSlug("");
        router.refresh();
      },
      onError: fromError,
    }),
  );
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const { createTeamInput } = await import("@/server/identity/contract-schemas");
    const parsed = createTeamInput.safeParse({ name, slug });
    if (!parsed.success) return fromIssues(parsed.error.issues);
    clear();
    create.mutate(parsed.data);
  };
  return (
    <form onSubmit={submit} noValidate className="flex flex-wrap items-end gap-3">
      <div className="w-56">
        <Field id="team-name" label="Team name" error={errors.name}>
          <Input id="team-name" maxLength={80} value={name} onChange={(event) => setName(event.target.value)} />
        </Field>
      </div>
      <div className="w-44">
        <Field id="team-slug" label="Slug (optional)" error={errors.slug}>
          <Input id="team-slug" maxLength={40} value={slug} onChange={(event) => setSlug(event.target.value)} />
        </Field>
      </div>
      <Button type="submit" disabled={create.isPending}>
        Create team
      </Button>
    </form>
  );
}

export const TeamForm = withTRPC(TeamFormContent);
