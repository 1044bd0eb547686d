"use client";

import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { type TokenAbility, abilityLabels, DEFAULT_EXPIRY_DAYS, MAX_EXPIRY_DAYS } from "@/server/tokens/contract";
import type { AppRouter } from "@/app/_lib/api-types";
import type { createTokenInput } from "@/server/tokens/contract-schemas";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Label, Select } from "@/app/_components/ui/field";
import { lazyZodResolver } from "@/app/_components/ui/lazy-zod-resolver";
import { toast } from "@/app/_components/ui/toast";
import { NewTokenSecret } from "./new-token-secret";

type FormValues = z.input<typeof createTokenInput>;
type Can = { personal: { abilities: TokenAbility[]; appLimits: boolean }; teams: { id: string; slug: string; name: string }[]; teamAbilities: TokenAbility[] };
type App = { id: string; name: string; teamId: string; team: string };
const FIELDS = ["name", "abilities", "appIds", "expiresInDays"] as const;

/** Makes a personal token or a team's service token; what it offers comes from the server's `can`. */
function CreateTokenFormContent({ can, apps }: { can: Can; apps: App[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [owner, setOwner] = useState<string>(can.personal.abilities.length ? "me" : (can.teams[0]?.id ?? "me"));
  const [made, setMade] = useState<{ name: string; secret: string } | null>(null);
  const form = useForm<FormValues, unknown, z.output<typeof createTokenInput>>({
    resolver: lazyZodResolver(() => import("@/server/tokens/contract-schemas").then((m) => m.createTokenInput)),
    defaultValues: { name: "", abilities: [], appIds: [], expiresInDays: DEFAULT_EXPIRY_DAYS },
  });
  const { errors } = form.formState;
  const abilities = owner === "me" ? can.personal.abilities : can.teamAbilities;
  const limitable = owner === "me" ? (can.personal.appLimits ? apps : []) : apps.filter((app) => app.teamId === owner);
  const chosen = { abilities: form.watch("abilities"), appIds: form.watch("appIds") ?? [] };
  const toggle = (field: "abilities" | "appIds", value: string, on: boolean) => {
    const current: string[] = field === "abilities" ? chosen.abilities : chosen.appIds;
    form.setValue(field, (on ? [...current, value] : current.filter((v) => v !== value)) as never, { shouldDirty: true });
  };
  const options = {
    onSuccess: (result: { secret: string; token: { name: string } }) => {
      setMade({ name: result.token.name, secret: result.secret });
      form.reset({ name: "", abilities: [], appIds: [], expiresInDays: DEFAULT_EXPIRY_DAYS });
    },
    onError: (error: unknown) => {
      const fieldErrors = error instanceof TRPCClientError ? (error as TRPCClientError<AppRouter>).data?.fieldErrors : null;
      const fields = Object.entries(fieldErrors ?? {}).filter(([field]) => (FIELDS as readonly string[]).includes(field));
      for (const [field, messages] of fields) form.setError(field as (typeof FIELDS)[number], { message: messages[0] });
      if (!fields.length) toast.error(error instanceof Error ? error.message : "The token was not made");
    },
  };
  const personal = useMutation(trpc.tokens.create.mutationOptions(options));
  const team = useMutation(trpc.tokens.createForTeam.mutationOptions(options));
  const pending = personal.isPending || team.isPending;
  const submit = form.handleSubmit((values) => (owner === "me" ? personal.mutate(values) : team.mutate({ ...values, teamId: owner })));

  if (made) {
    return (
      <NewTokenSecret
        {...made}
        onDone={() => {
          setMade(null);
          router.refresh();
        }}
      />
    );
  }
  return (
    <form onSubmit={submit} noValidate aria-label="New API token" className="grid max-w-2xl gap-4">
      <Field id="token-owner" label="Owner" hint="A team's service token belongs to the team: it keeps working when people leave">
        <Select
          id="token-owner"
          value={owner}
          onChange={(event) => {
            setOwner(event.target.value);
            form.setValue("abilities", []);
            form.setValue("appIds", []);
          }}
        >
          {can.personal.abilities.length ? <option value="me">Me (a personal token)</option> : null}
          {can.teams.map((t) => (
            <option key={t.id} value={t.id}>
              Team {t.name} (a service token)
            </option>
          ))}
        </Select>
      </Field>
      <Field id="token-name" label="Name" hint="What uses it, e.g. the CI job" error={errors.name?.message}>
        <Input id="token-name" autoComplete="off" placeholder="ci-deploy" aria-invalid={!!errors.name} {...form.register("name")} />
      </Field>
      <fieldset className="space-y-1.5">
        <legend className="text-sm font-medium text-slate-800">Abilities</legend>
        {abilities.map((ability) => (
          <div key={ability} className="flex items-center gap-2 text-sm">
            <input id={`ability-${ability}`} type="checkbox" checked={chosen.abilities.includes(ability)} onChange={(event) => toggle("abilities", ability, event.target.checked)} />
            <Label htmlFor={`ability-${ability}`} className="font-normal">
              <span className="font-mono">{ability}</span>: {abilityLabels[ability]}
            </Label>
          </div>
        ))}
        {errors.abilities ? (
          <p role="alert" className="text-xs font-medium text-red-600">
            {errors.abilities.message}
          </p>
        ) : null}
      </fieldset>
      {limitable.length ? (
        <fieldset className="space-y-1.5">
          <legend className="text-sm font-medium text-slate-800">Only these apps</legend>
          <p className="text-xs text-slate-500">None ticked: every app the owner may act on.</p>
          {limitable.map((app) => (
            <div key={app.id} className="flex items-center gap-2 text-sm">
              <input id={`app-${app.id}`} type="checkbox" checked={chosen.appIds.includes(app.id)} onChange={(event) => toggle("appIds", app.id, event.target.checked)} />
              <Label htmlFor={`app-${app.id}`} className="font-normal">
                {app.name} <span className="text-slate-500">({app.team})</span>
              </Label>
            </div>
          ))}
          {errors.appIds ? (
            <p role="alert" className="text-xs font-medium text-red-600">
              {errors.appIds.message}
            </p>
          ) : null}
        </fieldset>
      ) : null}
      <Field id="token-expiry" label="Expires after (days)" hint={`Every token expires: at most ${MAX_EXPIRY_DAYS} days`} error={errors.expiresInDays?.message}>
        <Input id="token-expiry" type="number" min={1} max={MAX_EXPIRY_DAYS} className="w-32" aria-invalid={!!errors.expiresInDays} {...form.register("expiresInDays", { valueAsNumber: true })} />
      </Field>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Making…" : "Make token"}
        </Button>
      </div>
    </form>
  );
}

export const CreateTokenForm = withTRPC(CreateTokenFormContent);
