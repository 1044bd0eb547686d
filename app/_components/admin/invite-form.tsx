"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { type Role, EMAIL_MAX, roleLabels } from "@/server/identity/contract";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Select } from "@/app/_components/ui/field";
import { useFieldErrors } from "./use-field-errors";

interface Issued {
  email: string;
  link: string;
  expiresAt: Date;
  mail: { sent: boolean; error?: string } | null;
}

/**
 * Invites a person with a role (and a team). The link is shown here once, to pass on; it is mailed too when the
 * server has SMTP. Nobody can see it again: a lost link is replaced by inviting the person again.
 */
function InviteFormContent({ teams }: { teams: { id: string; name: string }[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [values, setValues] = useState({ email: "", name: "", role: "developer" as Role, teamId: "" });
  const [issued, setIssued] = useState<Issued | null>(null);
  const { errors, clear, fromIssues, fromError } = useFieldErrors();
  const invite = useMutation(
    trpc.identity.invite.mutationOptions({
      onSuccess: (result) => {
        setIssued(result);
        setValues({ email: "", name: "", role: values.role, teamId: values.teamId });
        router.refresh();
      },
      onError: fromError,
    }),
  );
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const { inviteInput } = await import("@/server/identity/contract-schemas");
    const parsed = inviteInput.safeParse(values);
    if (!parsed.success) return fromIssues(parsed.error.issues);
    clear();
    setIssued(null);
    invite.mutate(parsed.data);
  };
  const set = (key: keyof typeof values) => (event: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setValues({ ...values, [key]: event.target.value });
  return (
    <div className="space-y-4">
      <form onSubmit={submit} noValidate className="grid gap-3 md:grid-cols-2">
        <Field id="invite-email" label="Email" error={errors.email}>
          <Input id="invite-email" type="email" maxLength={EMAIL_MAX} value={values.email} onChange={set("email")} />
        </Field>
        <Field id="invite-name" label="Name (optional)" error={errors.name}>
          <Input id="invite-name" maxLength={120} value={values.name} onChange={set("name")} />
        </Field>
        <Field id="invite-role" label="Role" error={errors.role}>
          <Select id="invite-role" value={values.role} onChange={set("role")}>
            {(Object.keys(roleLabels) as Role[]).map((role) => (
              <option key={role} value={role}>
                {roleLabels[role]}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="invite-team" label="Team" hint="Developers join a team; the other roles need none." error={errors.teamId}>
          <Select id="invite-team" value={values.teamId} onChange={set("teamId")}>
            <option value="">No team</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </Select>
        </Field>
        <div className="md:col-span-2">
          <Button type="submit" disabled={invite.isPending}>
            {invite.isPending ? "Inviting…" : "Invite"}
          </Button>
        </div>
      </form>
      {issued ? (
        <div role="region" aria-label="Invitation link" className="space-y-2 rounded-md border border-amber-200 bg-amber-50 p-4 text-sm">
          <p>
            Invitation for <strong>{issued.email}</strong>, valid once until {issued.expiresAt.toUTCString()}.{" "}
            {issued.mail === null ? "No mail server is configured: pass the link on yourself." : issued.mail.sent ? "It was mailed to them." : `Mailing it failed (${issued.mail.error}): pass the link on yourself.`}
          </p>
          <label htmlFor="invitation-link" className="block font-medium">
            One-time link (shown only now)
          </label>
          <Input id="invitation-link" readOnly className="font-mono text-xs" value={issued.link} onFocus={(event) => event.target.select()} />
        </div>
      ) : null}
    </div>
  );
}

export const InviteForm = withTRPC(InviteFormContent);
