"use client";

import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import type { requestOverrideInput } from "@/server/overrides/contract-schemas";
import type { AppRouter } from "@/app/_lib/api-types";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Textarea } from "@/app/_components/ui/field";
import { lazyZodResolver } from "@/app/_components/ui/lazy-zod-resolver";
import { utcMinute } from "@/app/_lib/utc-time";

type Values = z.input<typeof requestOverrideInput>;

/** Asks for a break-glass override of one refused attempt (named by its audit event): why, and for how long. */
function OverrideRequestFormContent({ refusal }: { refusal: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [requested, setRequested] = useState<{ requestedAt: Date } | null>(null);
  const form = useForm<Values>({
    resolver: lazyZodResolver(() => import("@/server/overrides/contract-schemas").then((m) => m.requestOverrideInput)),
    defaultValues: { refusal, reason: "", durationMinutes: 60 },
  });
  const { errors } = form.formState;
  const request = useMutation(
    trpc.overrides.request.mutationOptions({
      onSuccess: (override) => {
        setRequested(override);
        router.refresh();
      },
      onError: (error) => {
        const fields = error instanceof TRPCClientError ? (error as TRPCClientError<AppRouter>).data?.fieldErrors : null;
        for (const [field, messages] of Object.entries(fields ?? {})) if (field === "reason" || field === "durationMinutes") form.setError(field, { message: messages[0] });
        form.setError("root", { message: error.message });
      },
    }),
  );
  if (requested) {
    return (
      <p role="status" className="text-sm text-slate-700">
        Override requested at {utcMinute(requested.requestedAt)} UTC. An operator or an admin decides it; once approved, the deployment runs with it.
      </p>
    );
  }
  return (
    <form onSubmit={form.handleSubmit((values) => request.mutate(values as z.output<typeof requestOverrideInput>))} noValidate aria-label={`Request a break-glass override of refusal ${refusal}`} className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-4">
      <p className="text-sm text-amber-900">
        Break-glass: deploy what policy refused (audit event #{refusal}), once, for a limited time. A second person — an operator or an admin — must approve it, every step is audited, and when it expires the deployment is judged again.
      </p>
      <Field id={`reason-${refusal}`} label="Why is this needed now?" error={errors.reason?.message}>
        <Textarea id={`reason-${refusal}`} aria-invalid={!!errors.reason} {...form.register("reason")} />
      </Field>
      <Field id={`duration-${refusal}`} label="For how long (minutes, at most 1440)" error={errors.durationMinutes?.message}>
        <Input id={`duration-${refusal}`} type="number" className="w-32" aria-invalid={!!errors.durationMinutes} {...form.register("durationMinutes", { valueAsNumber: true })} />
      </Field>
      {errors.root ? (
        <p role="alert" className="text-sm text-red-700">
          {errors.root.message}
        </p>
      ) : null}
      <Button type="submit" disabled={request.isPending}>
        {request.isPending ? "Requesting…" : "Request override"}
      </Button>
    </form>
  );
}

export const OverrideRequestForm = withTRPC(OverrideRequestFormContent);
