"use client";

import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import type { z } from "zod";
import type { requestLinkInput } from "@/server/links/contract-schemas";
import type { AppRouter } from "@/app/_lib/api-types";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Select } from "@/app/_components/ui/field";
import { lazyZodResolver } from "@/app/_components/ui/lazy-zod-resolver";

type FormValues = z.input<typeof requestLinkInput>;
/** The deploy form's default port: what a callee deployed nowhere yet will most likely listen on. */
const DEFAULT_PORT = 8080;
/** The select's choice for a callee of another team, named by the id that team shares (its apps are not listed here). */
const OTHER_TEAM = "other-team";

/** Ask for this app to call another one; the port follows the chosen app's. */
function RequestLinkFormContent({ fromAppId, callees }: { fromAppId: string; callees: { id: string; name: string; team: string; port: number | null }[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const form = useForm<FormValues, unknown, z.output<typeof requestLinkInput>>({
    // The API's own schema, loaded on the first validation.
    resolver: lazyZodResolver(() => import("@/server/links/contract-schemas").then((m) => m.requestLinkInput)),
    defaultValues: { fromAppId, toAppId: "", port: DEFAULT_PORT, reason: "" },
  });
  const { errors } = form.formState;
  const [otherTeam, setOtherTeam] = useState(false);
  const choose = (event: React.ChangeEvent<HTMLSelectElement>) => {
    const value = event.target.value;
    setOtherTeam(value === OTHER_TEAM);
    form.setValue("toAppId", value === OTHER_TEAM ? "" : value);
    form.setValue("port", callees.find((c) => c.id === value)?.port ?? DEFAULT_PORT);
  };
  const request = useMutation(
    trpc.links.request.mutationOptions({
      onSuccess: (link) => {
        toast.success(`Link to ${link.to.name} requested; it opens once approved`);
        form.reset({ fromAppId, toAppId: "", port: DEFAULT_PORT, reason: "" });
        setOtherTeam(false);
        router.refresh();
      },
      onError: (error) => {
        const fieldErrors = error instanceof TRPCClientError ? (error as TRPCClientError<AppRouter>).data?.fieldErrors : null;
        const fields = Object.entries(fieldErrors ?? {}).filter(([field]) => ["toAppId", "port", "reason"].includes(field));
        for (const [field, messages] of fields) form.setError(field as keyof FormValues, { message: messages[0] });
        if (!fields.length) toast.error(error.message);
      },
    }),
  );
  const submit = form.handleSubmit((values) => request.mutate(values));

  return (
    <form onSubmit={submit} noValidate aria-label="Request a link" className="grid gap-3 sm:grid-cols-[2fr_1fr_3fr_auto] sm:items-start">
      <div className="space-y-2">
        <Field id="link-toAppId" label="App to call" error={otherTeam ? undefined : errors.toAppId?.message}>
          <Select id="link-toAppId" aria-invalid={!otherTeam && !!errors.toAppId} value={otherTeam ? OTHER_TEAM : form.watch("toAppId")} onChange={choose}>
            <option value="">Choose an app…</option>
            {callees.map((callee) => (
              <option key={callee.id} value={callee.id}>
                {callee.name} ({callee.team}){callee.port ? ` — port ${callee.port}` : ""}
              </option>
            ))}
            <option value={OTHER_TEAM}>Another team&apos;s app (by its id)…</option>
          </Select>
        </Field>
        {otherTeam ? (
          <Field id="link-otherAppId" label="App id" hint="Ask the other team for it; an operator or admin approves links between teams." error={errors.toAppId?.message}>
            <Input id="link-otherAppId" className="font-mono" aria-invalid={!!errors.toAppId} {...form.register("toAppId")} />
          </Field>
        ) : null}
      </div>
      <Field id="link-port" label="Port" error={errors.port?.message}>
        <Input id="link-port" type="number" aria-invalid={!!errors.port} {...form.register("port", { valueAsNumber: true })} />
      </Field>
      <Field id="link-reason" label="Why" error={errors.reason?.message}>
        <Input id="link-reason" placeholder="e.g. checkout reads prices" {...form.register("reason")} />
      </Field>
      <Button type="submit" className="sm:mt-6" disabled={request.isPending}>
        {request.isPending ? "Requesting…" : "Request link"}
      </Button>
    </form>
  );
}

export const RequestLinkForm = withTRPC(RequestLinkFormContent);
