"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { PASSWORD_MAX, PASSWORD_MIN, roleLabels } from "@/server/identity/contract";
import { useFieldErrors } from "@/app/_components/admin/use-field-errors";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { Field, Input } from "@/app/_components/ui/field";

/** The invited person sees what they are invited to, chooses their password, and gets their account. */
function AcceptInvitationFormContent() {
  const trpc = useTRPC();
  // The token never reaches the server as part of the page's address: it is read here and sent in the API call.
  const [token, setToken] = useState<string | null>(null);
  useEffect(() => setToken(window.location.hash.slice(1)), []);
  const invitation = useQuery({ ...trpc.identity.invitation.queryOptions({ token: token ?? "" }), enabled: Boolean(token), retry: false });
  const [name, setName] = useState<string | null>(null);
  const [password, setPassword] = useState("");
  const [repeated, setRepeated] = useState("");
  const { errors, clear, fromIssues, fromError } = useFieldErrors();
  const accept = useMutation(trpc.identity.acceptInvitation.mutationOptions({ onError: fromError }));

  if (token === null) return null;
  if (!token) return <p role="alert">This page opens from an invitation link. Ask an administrator for one.</p>;
  if (invitation.isPending) return <p>Checking your invitation…</p>;
  if (invitation.isError) return <p role="alert">{invitation.error.message}</p>;
  if (accept.isSuccess) {
    return (
      <div className="space-y-3">
        <h1 className="text-lg font-semibold">Your account is ready</h1>
        <p className="text-sm text-slate-600">Sign in as {accept.data.email} with the password you chose.</p>
        <Button asChild>
          <Link href="/sign-in">Sign in</Link>
        </Button>
      </div>
    );
  }
  const { email, role, team } = invitation.data;
  const shownName = name ?? invitation.data.name;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const { acceptInvitationInput } = await import("@/server/identity/contract-schemas");
    const parsed = acceptInvitationInput.safeParse({ token, name: shownName, password });
    if (!parsed.success) return fromIssues(parsed.error.issues);
    if (password !== repeated) return fromIssues([{ path: ["repeated"], message: "The two passwords differ" }]);
    clear();
    accept.mutate(parsed.data);
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <div>
        <h1 className="text-lg font-semibold">Join Bulkhead</h1>
        <p className="text-sm text-slate-600">
          {email} is invited as {roleLabels[role]}
          {team ? ` on the ${team} team` : ""}. Choose your password; the link then stops working.
        </p>
      </div>
      <Field id="name" label="Your name" error={errors.name}>
        <Input id="name" autoComplete="name" maxLength={120} value={shownName} onChange={(event) => setName(event.target.value)} />
      </Field>
      <Field id="password" label="Password" hint={`${PASSWORD_MIN} to ${PASSWORD_MAX} characters.`} error={errors.password}>
        <Input id="password" type="password" autoComplete="new-password" maxLength={PASSWORD_MAX} value={password} onChange={(event) => setPassword(event.target.value)} />
      </Field>
      <Field id="repeated" label="Password again" error={errors.repeated}>
        <Input id="repeated" type="password" autoComplete="new-password" maxLength={PASSWORD_MAX} value={repeated} onChange={(event) => setRepeated(event.target.value)} />
      </Field>
      <Button type="submit" className="w-full" disabled={accept.isPending}>
        {accept.isPending ? "Creating your account…" : "Create my account"}
      </Button>
    </form>
  );
}

export const AcceptInvitationForm = withTRPC(AcceptInvitationFormContent);
