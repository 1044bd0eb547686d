"use client";

import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import type { AppRouter } from "@/app/_lib/api-types";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Select } from "@/app/_components/ui/field";
import { lazyZodResolver } from "@/app/_components/ui/lazy-zod-resolver";
import { toast } from "@/app/_components/ui/toast";
import type { setRegistryCredentialInput } from "./registry-form-schema";

type FormValues = z.input<typeof setRegistryCredentialInput>;
const FIELDS = ["teamId", "registry", "username", "password"] as const;

/**
 * Adds a team's credentials for a registry, or replaces them (same team and registry). The server logs in to the
 * registry first, so a wrong token is refused here, under the password, in the registry's words. The password is
 * cleared once sent; it is never shown again.
 */
function RegistryCredentialsFormContent({ teams }: { teams: { id: string; name: string }[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const form = useForm<FormValues, unknown, z.output<typeof setRegistryCredentialInput>>({
    resolver: lazyZodResolver(() => import("./registry-form-schema").then((m) => m.setRegistryCredentialInput)),
    // One team: nothing to choose.
    defaultValues: { teamId: teams.length === 1 ? teams[0].id : "", registry: "", username: "", password: "" },
  });
  const { errors } = form.formState;
  const save = useMutation(
    trpc.registries.set.mutationOptions({
      onSuccess: (saved) => {
        toast.success(`Credentials for ${saved.registry} saved for ${saved.team}`);
        form.reset({ ...form.getValues(), password: "" });
        router.refresh();
      },
      onError: (error) => {
        const fieldErrors = error instanceof TRPCClientError ? (error as TRPCClientError<AppRouter>).data?.fieldErrors : null;
        const fields = Object.entries(fieldErrors ?? {}).filter(([field]) => (FIELDS as readonly string[]).includes(field));
        for (const [field, messages] of fields) form.setError(field as (typeof FIELDS)[number], { message: messages[0] });
        if (!fields.length) form.setError("root", { message: error.message });
      },
    }),
  );
  const submit = form.handleSubmit((values) => save.mutate(values));
  // A field in error points at its message (Field renders it as `${id}-error`), so a screen reader reads why.
  const invalid = (field: (typeof FIELDS)[number]) => (errors[field] ? { "aria-invalid": true, "aria-describedby": `registry-${field}-error` } : {});

  return (
    <form onSubmit={submit} noValidate aria-label="Registry credentials form" className="grid max-w-xl gap-4">
      <Field id="registry-teamId" label="Team" error={errors.teamId?.message}>
        <Select id="registry-teamId" {...invalid("teamId")} {...form.register("teamId")}>
          {teams.length === 1 ? null : <option value="">Choose a team…</option>}
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="registry-registry" label="Registry host" hint="As image references name it, with its port if any: ghcr.io, registry.example.com:5000" error={errors.registry?.message}>
        <Input id="registry-registry" className="font-mono" autoComplete="off" spellCheck={false} placeholder="ghcr.io" {...invalid("registry")} {...form.register("registry")} />
      </Field>
      <Field id="registry-username" label="User name" error={errors.username?.message}>
        <Input id="registry-username" autoComplete="off" spellCheck={false} {...invalid("username")} {...form.register("username")} />
      </Field>
      <Field id="registry-password" label="Password or token" hint="Sealed on the server; never shown again" error={errors.password?.message}>
        <Input id="registry-password" type="password" autoComplete="new-password" {...invalid("password")} {...form.register("password")} />
      </Field>
      {errors.root ? (
        <p role="alert" className="text-sm text-red-700">
          {errors.root.message}
        </p>
      ) : null}
      <div>
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Checking with the registry…" : "Save credentials"}
        </Button>
      </div>
    </form>
  );
}

export const RegistryCredentialsForm = withTRPC(RegistryCredentialsFormContent);
