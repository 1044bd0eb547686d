"use client";

import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import type { allowPlainEnvInput } from "@/server/secrets/contract-schemas";
import type { AppRouter } from "@/app/_lib/api-types";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { Field, Input, Select } from "@/app/_components/ui/field";
import { lazyZodResolver } from "@/app/_components/ui/lazy-zod-resolver";
import { toast } from "@/app/_components/ui/toast";

type FormValues = z.input<typeof allowPlainEnvInput>;

function AllowPlainEnvFormContent({ teams }: { teams: { id: string; name: string }[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const form = useForm<FormValues, unknown, z.output<typeof allowPlainEnvInput>>({
    resolver: lazyZodResolver(() => import("@/server/secrets/contract-schemas").then((m) => m.allowPlainEnvInput)),
    defaultValues: { teamId: "", name: "", reason: "" },
  });
  const { errors } = form.formState;
  const allow = useMutation(
    trpc.policy.allowPlainEnv.mutationOptions({
      onSuccess: (row) => {
        toast.success(`${row.name} may now be a plain variable for that team`);
        form.reset({ teamId: "", name: "", reason: "" });
        router.refresh();
      },
      onError: (error) => {
        const fieldErrors = error instanceof TRPCClientError ? (error as TRPCClientError<AppRouter>).data?.fieldErrors : null;
        const fields = Object.entries(fieldErrors ?? {}).filter(([field]) => ["teamId", "name", "reason"].includes(field));
        for (const [field, messages] of fields) form.setError(field as keyof FormValues, { message: messages[0] });
        if (!fields.length) toast.error(error.message);
      },
    }),
  );
  return (
    <form onSubmit={form.handleSubmit((values) => allow.mutate(values))} noValidate aria-label="Allow a plain variable" className="grid gap-3 sm:grid-cols-[1fr_1fr_2fr_auto] sm:items-start">
      <Field id="plain-team" label="Team" error={errors.teamId?.message}>
        <Select id="plain-team" aria-invalid={!!errors.teamId} {...form.register("teamId")}>
          <option value="">Choose a team…</option>
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="plain-name" label="Variable name" error={errors.name?.message}>
        <Input id="plain-name" className="font-mono" aria-invalid={!!errors.name} {...form.register("name")} />
      </Field>
      <Field id="plain-reason" label="Why it is not a secret" error={errors.reason?.message}>
        <Input id="plain-reason" aria-invalid={!!errors.reason} {...form.register("reason")} />
      </Field>
      <Button type="submit" className="sm:mt-6" disabled={allow.isPending}>
        Allow
      </Button>
    </form>
  );
}

function RevokePlainEnvButtonContent({ teamId, name, team }: { teamId: string; name: string; team: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const revoke = useMutation(
    trpc.policy.revokePlainEnv.mutationOptions({
      onSuccess: () => {
        toast.success(`${name} is refused again as a plain variable for ${team}`);
        router.refresh();
      },
      onError: (error) => toast.error(error.message),
    }),
  );
  return (
    <ConfirmDialog
      trigger={
        <Button size="sm" variant="secondary" aria-label={`Withdraw ${name} for ${team}`}>
          Withdraw
        </Button>
      }
      title={`Withdraw ${name} for ${team}?`}
      description="Deploys of this team that set it as a plain variable are refused again; running deployments keep it until their next deploy."
      confirmLabel="Withdraw"
      pending={revoke.isPending}
      onConfirm={() => revoke.mutate({ teamId, name })}
    />
  );
}

export const AllowPlainEnvForm = withTRPC(AllowPlainEnvFormContent);
export const RevokePlainEnvButton = withTRPC(RevokePlainEnvButtonContent);
