"use client";

import * as AlertDialog from "@radix-ui/react-alert-dialog";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import type { z } from "zod";
import { retireBaseImageInput } from "@/server/catalog/contract-schemas";
import type { CatalogImpact } from "@/app/_lib/api-types";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { Field, Select, Textarea } from "@/app/_components/ui/field";

type FormValues = z.input<typeof retireBaseImageInput>;

const effects = {
  deprecate: "Deploys of apps on it still go ahead, with a warning to rebase onto the successor.",
  restrict: "Deployments already on it may still redeploy, scale and roll back; no new app may be built on it, and no app on it deployed to a new target.",
  revoke: "Every deploy, redeploy, scale and rollback of an app on it is refused from now on. This cannot be undone.",
} as const;

const done = { deprecate: "deprecated", restrict: "restricted", revoke: "revoked" } as const;

export interface RetireImageProps {
  action: keyof typeof effects;
  /** With the apps built on it and their live deployments (catalog.impact): what the dialog says it touches. */
  image: { id: string; name: string; version: string; successorId: string | null; apps: CatalogImpact[number]["apps"] };
  successors: { id: string; name: string; version: string }[];
}

/** The apps and live deployments a retirement touches, before the operator confirms. */
function Affected({ apps }: { apps: RetireImageProps["image"]["apps"] }) {
  const live = apps.reduce((count, app) => count + app.deployments.length, 0);
  if (!apps.length) return <p className="mt-3 text-sm text-slate-700">No app is built on it.</p>;
  return (
    <div className="mt-3 text-sm">
      <p className="font-medium text-slate-800">
        {apps.length} {apps.length === 1 ? "app" : "apps"} built on it, {live} live {live === 1 ? "deployment" : "deployments"}:
      </p>
      <ul aria-label="Apps this affects" className="mt-1 max-h-40 list-disc space-y-1 overflow-y-auto pl-5 text-slate-700">
        {apps.map((app) => (
          <li key={app.id}>
            {app.name} <span className="text-xs text-slate-500">({app.team.name})</span>
            {app.deployments.length ? `: ${app.deployments.map((d) => `${d.target.name} (${d.status})`).join(", ")}` : ": no live deployment"}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Asks why and what to rebase onto, says what will happen, then deprecates or revokes. Open while mounted. */
function RetireImageDialog({
  action,
  image,
  successors,
  label,
  onClose,
}: RetireImageProps & { label: string; onClose: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const form = useForm<FormValues>({ resolver: zodResolver(retireBaseImageInput), defaultValues: { id: image.id, successorId: image.successorId, reason: "" } });
  const { errors } = form.formState;
  const title = `${label} ${image.name} ${image.version}`;
  const mutation = useMutation(
    trpc.catalog[action].mutationOptions({
      onSuccess: () => {
        toast.success(`${image.name} ${image.version}: ${done[action]}`);
        onClose();
        router.refresh();
      },
      onError: (error) => toast.error(error.message),
    }),
  );
  const submit = form.handleSubmit((values) => mutation.mutate(retireBaseImageInput.parse(values)));

  return (
    <AlertDialog.Root open onOpenChange={(open) => !open && onClose()}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 bg-slate-900/40" />
        <AlertDialog.Content className="fixed left-1/2 top-1/4 w-full max-w-md -translate-x-1/2 rounded-lg bg-white p-6 shadow-xl">
          <AlertDialog.Title className="text-lg font-semibold">{title}?</AlertDialog.Title>
          <AlertDialog.Description className="mt-2 text-sm text-slate-600">{effects[action]}</AlertDialog.Description>
          <Affected apps={image.apps} />
          <form onSubmit={submit} noValidate className="mt-4 space-y-4">
            <Field id={`successor-${image.id}`} label="Successor" hint="What developers are told to rebase onto." error={errors.successorId?.message}>
              <Select id={`successor-${image.id}`} {...form.register("successorId")}>
                <option value="">No successor</option>
                {successors.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name} {s.version}
                  </option>
                ))}
              </Select>
            </Field>
            <Field id={`reason-${image.id}`} label="Reason" hint="Recorded in the audit trail." error={errors.reason?.message}>
              <Textarea id={`reason-${image.id}`} aria-invalid={!!errors.reason} aria-describedby={`reason-${image.id}-error`} {...form.register("reason")} />
            </Field>
            <div className="flex justify-end gap-2">
              <AlertDialog.Cancel asChild>
                <Button type="button" variant="secondary">
                  Cancel
                </Button>
              </AlertDialog.Cancel>
              <Button type="submit" variant="danger" disabled={mutation.isPending}>
                {label}
              </Button>
            </div>
          </form>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}

export default withTRPC(RetireImageDialog);
