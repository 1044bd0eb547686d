"use client";

import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useRouter } from "next/navigation";
import { type Resolver, useForm } from "react-hook-form";
import type { z } from "zod";
import type { AppRouter } from "@/app/_lib/api-types";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Select } from "@/app/_components/ui/field";
import { lazyZodResolver } from "@/app/_components/ui/lazy-zod-resolver";
import { toast } from "@/app/_components/ui/toast";
import type { addSigningKeyInput } from "./signing-key-form-schema";

const PLATFORM = "platform";
const FIELDS = ["teamId", "name", "publicKey"] as const;
type FormValues = { scope: string; name: string; publicKey: string };
type Output = z.output<typeof addSigningKeyInput>;

/** The API's schema checks the form: "Every team" is the input's null team. */
const schemaResolver = lazyZodResolver(() => import("./signing-key-form-schema").then((m) => m.addSigningKeyInput));
const resolver: Resolver<FormValues, unknown, Output> = async ({ scope, ...values }, context, options) => {
  const result = await schemaResolver({ ...values, teamId: scope === PLATFORM ? null : scope }, context, { ...options, names: undefined, fields: {} });
  const { teamId, ...errors } = result.errors;
  return { values: result.values, errors: teamId ? { ...errors, scope: teamId } : errors } as Awaited<ReturnType<Resolver<FormValues, unknown, Output>>>;
};

/** Trusts a public key, for every team's images or one team's; the server refuses anything but ECDSA P-256, under the field. */
function SigningKeyFormContent({ teams }: { teams: { id: string; name: string }[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const form = useForm<FormValues, unknown, Output>({
    resolver,
    defaultValues: { scope: PLATFORM, name: "", publicKey: "" },
  });
  const { errors } = form.formState;
  const add = useMutation(
    trpc.signingKeys.add.mutationOptions({
      onSuccess: (saved) => {
        toast.success(`${saved.name} is trusted for ${saved.teamId ? saved.scope : "every team"}`);
        form.reset();
        router.refresh();
      },
      onError: (error) => {
        const fieldErrors = error instanceof TRPCClientError ? (error as TRPCClientError<AppRouter>).data?.fieldErrors : null;
        const fields = Object.entries(fieldErrors ?? {}).filter(([field]) => (FIELDS as readonly string[]).includes(field));
        for (const [field, messages] of fields) form.setError(field === "teamId" ? "scope" : (field as "name" | "publicKey"), { message: messages[0] });
        if (!fields.length) form.setError("root", { message: error.message });
      },
    }),
  );
  const submit = form.handleSubmit((values) => add.mutate(values));
  const invalid = (field: keyof FormValues) => (errors[field] ? { "aria-invalid": true, "aria-describedby": `signing-key-${field}-error` } : {});

  return (
    <form onSubmit={submit} noValidate aria-label="Trusted signing key form" className="grid max-w-xl gap-4">
      <Field id="signing-key-scope" label="Trusted for" error={errors.scope?.message}>
        <Select id="signing-key-scope" {...invalid("scope")} {...form.register("scope")}>
          <option value={PLATFORM}>Every team (platform)</option>
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="signing-key-name" label="Name" hint="Who signs with it, e.g. Release pipeline" error={errors.name?.message}>
        <Input id="signing-key-name" autoComplete="off" {...invalid("name")} {...form.register("name")} />
      </Field>
      <Field id="signing-key-publicKey" label="Public key (PEM)" hint="cosign.pub: an ECDSA P-256 key, from -----BEGIN PUBLIC KEY----- to -----END PUBLIC KEY-----" error={errors.publicKey?.message}>
        <textarea id="signing-key-publicKey" rows={5} spellCheck={false} className="w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-xs" {...invalid("publicKey")} {...form.register("publicKey")} />
      </Field>
      {errors.root ? (
        <p role="alert" className="text-sm text-red-700">
          {errors.root.message}
        </p>
      ) : null}
      <div>
        <Button type="submit" disabled={add.isPending}>
          {add.isPending ? "Adding…" : "Trust this key"}
        </Button>
      </div>
    </form>
  );
}

export const SigningKeyForm = withTRPC(SigningKeyFormContent);
