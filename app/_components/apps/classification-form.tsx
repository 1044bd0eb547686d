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
import { classificationLabels, DataClassification } from "@/server/apps/contract";
import type { setAppClassificationInput } from "./classification-form-schema";

type FormValues = z.input<typeof setAppClassificationInput>;
const FIELDS = ["classification", "reason"] as const;

/** An operator changes an app's data classification, whatever the platform lets its team do, saying why (the audit
 * trail keeps the reason). */
function ClassificationFormContent({ app }: { app: { id: string; name: string; classification: DataClassification } }) {
  const trpc = useTRPC();
  const router = useRouter();
  const form = useForm<FormValues, unknown, z.output<typeof setAppClassificationInput>>({
    resolver: lazyZodResolver(() => import("./classification-form-schema").then((m) => m.setAppClassificationInput)),
    defaultValues: { id: app.id, classification: app.classification, reason: "" },
  });
  const { errors } = form.formState;
  const save = useMutation(
    trpc.apps.setClassification.mutationOptions({
      onSuccess: (saved) => {
        toast.success(`${saved.name} is now ${classificationLabels[saved.classification]}`);
        form.reset({ id: app.id, classification: saved.classification, reason: "" });
        router.refresh();
      },
      onError: (error) => {
        const fieldErrors = error instanceof TRPCClientError ? (error as TRPCClientError<AppRouter>).data?.fieldErrors : null;
        const fields = Object.entries(fieldErrors ?? {}).filter(([field]) => (FIELDS as readonly string[]).includes(field));
        for (const [field, messages] of fields) form.setError(field as (typeof FIELDS)[number], { message: messages[0] });
        if (!fields.length) toast.error(error.message);
      },
    }),
  );
  return (
    <form onSubmit={form.handleSubmit((values) => save.mutate(values))} noValidate aria-label="Data classification form" className="grid max-w-xl gap-4">
      <Field id="reclassify-classification" label="Data classification" error={errors.classification?.message}>
        <Select id="reclassify-classification" {...form.register("classification")}>
          {Object.values(DataClassification).map((value) => (
            <option key={value} value={value}>
              {classificationLabels[value]}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="reclassify-reason" label="Reason" hint="Kept in the audit trail with the change" error={errors.reason?.message}>
        <Input id="reclassify-reason" autoComplete="off" aria-invalid={!!errors.reason} {...form.register("reason")} />
      </Field>
      <div>
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Change classification"}
        </Button>
      </div>
    </form>
  );
}

export const ClassificationForm = withTRPC(ClassificationFormContent);
