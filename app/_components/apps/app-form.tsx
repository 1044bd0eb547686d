"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import type { z } from "zod";
import { DataClassification, classificationLabels } from "@/server/apps/contract";
import type { AppRouter } from "@/app/_lib/api-types";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Select, Textarea } from "@/app/_components/ui/field";
import { lazyZodResolver } from "@/app/_components/ui/lazy-zod-resolver";
import type { appFormSchema } from "./app-form-schema";

type FormValues = z.input<typeof appFormSchema>;

type ImageOption = { id: string; name: string; version: string; status: string };

type Props = { images: ImageOption[] } & (
  | { mode: "create"; teams: { id: string; name: string }[] }
  | { mode: "edit"; app: { id: string; name: string; description: string; classification: DataClassification; teamId: string; baseImage: ImageOption | null; can: { classify: boolean } } }
);

/** The catalog's selectable images, plus the app's current one even if it was revoked since, so the select shows the truth. */
function imageOptions(props: Props): ImageOption[] {
  const current = props.mode === "edit" ? props.app.baseImage : null;
  return current && !props.images.some((i) => i.id === current.id) ? [current, ...props.images] : props.images;
}

function AppFormContent(props: Props) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const form = useForm<FormValues, unknown, z.output<typeof appFormSchema>>({
    resolver: lazyZodResolver(() => import("./app-form-schema").then((m) => m.appFormSchema)),
    defaultValues:
      props.mode === "edit"
        ? { ...props.app, baseImageId: props.app.baseImage?.id ?? "" }
        : { name: "", description: "", classification: "internal", baseImageId: "", teamId: props.teams.length === 1 ? props.teams[0].id : "" },
  });
  const { errors } = form.formState;
  // The platform policy may keep classification changes to IT operations: then the team sees it, but cannot change it.
  const locked = props.mode === "edit" && !props.app.can.classify ? props.app.classification : null;

  const showServerErrors = async (error: unknown) => {
    const fieldErrors = error instanceof TRPCClientError ? (error as TRPCClientError<AppRouter>).data?.fieldErrors : null;
    // Loaded already: the form was validated before it was sent.
    const { shape } = (await import("./app-form-schema")).appFormSchema;
    const fields = Object.entries(fieldErrors ?? {}).filter(([field]) => field in shape);
    for (const [field, messages] of fields) form.setError(field as keyof FormValues, { message: messages[0] });
    if (!fields.length) toast.error(error instanceof Error ? error.message : "Could not save the app");
  };
  const onSaved = async (app: { id: string; name: string }) => {
    await queryClient.invalidateQueries({ queryKey: trpc.apps.pathKey() });
    toast.success(`Saved ${app.name}`);
    router.push(`/apps/${app.id}`);
    router.refresh();
  };
  const create = useMutation(trpc.apps.create.mutationOptions({ onSuccess: onSaved, onError: showServerErrors }));
  const update = useMutation(trpc.apps.update.mutationOptions({ onSuccess: onSaved, onError: showServerErrors }));
  const pending = create.isPending || update.isPending;

  // The values as the schema parsed them (trimmed), from the resolver.
  const onSubmit = form.handleSubmit((parsed) => {
    if (props.mode === "create") create.mutate(parsed);
    else update.mutate({ id: props.app.id, name: parsed.name, description: parsed.description, baseImageId: parsed.baseImageId, ...(props.app.can.classify && { classification: parsed.classification }) });
  });

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-xl space-y-5">
      {props.mode === "create" ? (
        <Field id="teamId" label="Team" error={errors.teamId?.message}>
          <Select id="teamId" aria-invalid={!!errors.teamId} aria-describedby="teamId-error" {...form.register("teamId")}>
            <option value="">Choose a team…</option>
            {props.teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
      <Field id="name" label="Name" hint="Lowercase letters, digits and hyphens; up to 40 characters." error={errors.name?.message}>
        <Input id="name" autoComplete="off" aria-invalid={!!errors.name} aria-describedby="name-error" {...form.register("name")} />
      </Field>
      <Field id="description" label="Description" error={errors.description?.message}>
        <Textarea id="description" aria-invalid={!!errors.description} aria-describedby="description-error" {...form.register("description")} />
      </Field>
      <Field
        id="classification"
        label="Data classification"
        hint={locked ? "Only IT operations change this app's data classification (platform policy)." : "Decides where the app may run, and whether its images must be signed."}
        error={errors.classification?.message}
      >
        {locked ? (
          // Shown, not registered: a disabled control would leave the value out of the form, which then fails its schema.
          <Input id="classification" readOnly value={classificationLabels[locked]} />
        ) : (
          <Select id="classification" aria-invalid={!!errors.classification} {...form.register("classification")}>
            {Object.values(DataClassification).map((value) => (
              <option key={value} value={value}>
                {classificationLabels[value]}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field id="baseImageId" label="Base image" hint="From the catalog IT operations curates; a deprecated image still deploys, with a warning." error={errors.baseImageId?.message}>
        <Select id="baseImageId" aria-invalid={!!errors.baseImageId} aria-describedby="baseImageId-error" {...form.register("baseImageId")}>
          <option value="">Choose a base image…</option>
          {imageOptions(props).map((image) => (
            <option key={image.id} value={image.id}>
              {image.name} {image.version}
              {image.status === "approved" ? "" : ` (${image.status})`}
            </option>
          ))}
        </Select>
      </Field>
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : props.mode === "create" ? "Create app" : "Save changes"}
        </Button>
        <Button type="button" variant="secondary" onClick={() => router.back()}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

export const AppForm = withTRPC(AppFormContent);
