"use client";

import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import type { setSecretInput } from "@/server/secrets/contract-schemas";
import type { AppRouter } from "@/app/_lib/api-types";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Select, Textarea } from "@/app/_components/ui/field";
import { lazyZodResolver } from "@/app/_components/ui/lazy-zod-resolver";
import { toast } from "@/app/_components/ui/toast";
import { announceSecretChange } from "./announce";

type FormValues = z.input<typeof setSecretInput>;

/** Sets a secret (a new name) or rotates one (an existing name and scope). The value is cleared once sent. */
function SetSecretFormContent({ appId, targets }: { appId: string; targets: { id: string; name: string }[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const form = useForm<FormValues, unknown, z.output<typeof setSecretInput>>({
    // The API's own schema, loaded on the first validation.
    resolver: lazyZodResolver(() => import("@/server/secrets/contract-schemas").then((m) => m.setSecretInput)),
    defaultValues: { appId, name: "", value: "", targetId: undefined },
  });
  const { errors } = form.formState;
  const set = useMutation(
    trpc.secrets.set.mutationOptions({
      onSuccess: (result) => {
        announceSecretChange(`Secret ${result.secret.name} saved as version ${result.secret.version}`, result.redeployed);
        form.reset({ appId, name: "", value: "", targetId: undefined });
        router.refresh();
      },
      onError: (error) => {
        const fieldErrors = error instanceof TRPCClientError ? (error as TRPCClientError<AppRouter>).data?.fieldErrors : null;
        const fields = Object.entries(fieldErrors ?? {}).filter(([field]) => ["name", "value", "targetId"].includes(field));
        for (const [field, messages] of fields) form.setError(field as keyof FormValues, { message: messages[0] });
        if (!fields.length) toast.error(error.message);
      },
    }),
  );
  const submit = form.handleSubmit((values) => set.mutate(values));

  return (
    <form onSubmit={submit} noValidate aria-label="Add or rotate a secret" className="grid gap-3 sm:grid-cols-[1fr_1fr_2fr_auto] sm:items-start">
      <Field id="secret-name" label="Name" hint="The variable the container sees" error={errors.name?.message}>
        <Input id="secret-name" className="font-mono" autoComplete="off" placeholder="DB_PASSWORD" aria-invalid={!!errors.name} {...form.register("name")} />
      </Field>
      <Field id="secret-target" label="Applies to" error={errors.targetId?.message}>
        <Select id="secret-target" {...form.register("targetId", { setValueAs: (value: string) => value || undefined })}>
          <option value="">Every target</option>
          {targets.map((target) => (
            <option key={target.id} value={target.id}>
              Only {target.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="secret-value" label="Value" hint="Sealed on the server; never shown again" error={errors.value?.message}>
        <Textarea id="secret-value" className="font-mono" autoComplete="off" spellCheck={false} rows={2} aria-invalid={!!errors.value} {...form.register("value")} />
      </Field>
      <Button type="submit" className="sm:mt-6" disabled={set.isPending}>
        {set.isPending ? "Saving…" : "Save secret"}
      </Button>
    </form>
  );
}

export const SetSecretForm = withTRPC(SetSecretFormContent);
