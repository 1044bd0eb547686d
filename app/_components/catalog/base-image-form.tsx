"use client";

import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import type { z } from "zod";
import { familyLabels, type BaseImageFamily } from "@/server/catalog/contract";
import type { AppRouter } from "@/app/_lib/api-types";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Select, Textarea } from "@/app/_components/ui/field";
import { lazyZodResolver } from "@/app/_components/ui/lazy-zod-resolver";
import type { createSchema, editSchema } from "./base-image-form-schema";
import { utcDay } from "@/app/_lib/utc-time";

// One form for adding an image and for editing what may change on one (end of life, notes, successor):
// its family, name, version and digest never change, so they are shown read-only when editing.
type CreateValues = z.input<typeof createSchema>;
type EditValues = z.input<typeof editSchema>;
type Schemas = typeof import("./base-image-form-schema");
const loadSchemas = (): Promise<Schemas> => import("./base-image-form-schema");

type ImageOption = { id: string; name: string; version: string };
type Props =
  | { mode: "create" }
  | { mode: "edit"; image: ImageOption & { family: string; reference: string; endOfLife: Date | null; notes: string; successorId: string | null }; successors: ImageOption[] };

const day = (date: Date | null) => (date ? utcDay(date) : "");

function useServerErrors<T extends Record<string, unknown>>(setError: (field: keyof T & string, error: { message: string }) => void, schema: keyof Schemas) {
  return async (error: unknown) => {
    const fieldErrors = error instanceof TRPCClientError ? (error as TRPCClientError<AppRouter>).data?.fieldErrors : null;
    // Loaded already: the form was validated before it was sent.
    const fields = Object.keys((await loadSchemas())[schema].shape);
    const known = Object.entries(fieldErrors ?? {}).filter(([field]) => fields.includes(field));
    for (const [field, messages] of known) setError(field as keyof T & string, { message: messages[0] });
    if (!known.length) toast.error(error instanceof Error ? error.message : "Could not save the image");
  };
}

function BaseImageFormContent(props: Props) {
  return props.mode === "create" ? <CreateForm /> : <EditForm image={props.image} successors={props.successors} />;
}

function CreateForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const form = useForm<CreateValues, unknown, z.output<typeof createSchema>>({
    resolver: lazyZodResolver(() => loadSchemas().then((m) => m.createSchema)),
    defaultValues: { family: "os", name: "", version: "", reference: "", endOfLife: "", notes: "" },
  });
  const { errors } = form.formState;
  const create = useMutation(
    trpc.catalog.create.mutationOptions({
      onSuccess: (image) => {
        toast.success(`Added ${image.name} ${image.version} to the catalog`);
        router.push("/catalog");
        router.refresh();
      },
      onError: useServerErrors<CreateValues>(form.setError, "createSchema"),
    }),
  );
  return (
    <form onSubmit={form.handleSubmit((values) => create.mutate(values))} noValidate className="max-w-xl space-y-5">
      <Field id="family" label="Family" error={errors.family?.message}>
        <Select id="family" {...form.register("family")}>
          {(Object.keys(familyLabels) as BaseImageFamily[]).map((family) => (
            <option key={family} value={family}>
              {familyLabels[family]}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="name" label="Name" hint="e.g. Red Hat UBI, Apache Tomcat on UBI 9" error={errors.name?.message}>
        <Input id="name" autoComplete="off" aria-invalid={!!errors.name} aria-describedby="name-error" {...form.register("name")} />
      </Field>
      <Field id="version" label="Version" error={errors.version?.message}>
        <Input id="version" autoComplete="off" aria-invalid={!!errors.version} aria-describedby="version-error" {...form.register("version")} />
      </Field>
      <Field id="reference" label="Registry reference (pinned by digest)" hint="registry/name@sha256:<64 hex digits>" error={errors.reference?.message}>
        <Input id="reference" autoComplete="off" className="font-mono" aria-invalid={!!errors.reference} aria-describedby="reference-error" {...form.register("reference")} />
      </Field>
      <LifecycleFields register={form.register} errors={errors} />
      <Buttons pending={create.isPending} label="Add base image" />
    </form>
  );
}

function EditForm({ image, successors }: { image: Extract<Props, { mode: "edit" }>["image"]; successors: ImageOption[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const form = useForm<EditValues, unknown, z.output<typeof editSchema>>({
    resolver: lazyZodResolver(() => loadSchemas().then((m) => m.editSchema)),
    defaultValues: { id: image.id, endOfLife: day(image.endOfLife), notes: image.notes, successorId: image.successorId ?? "" },
  });
  const { errors } = form.formState;
  const update = useMutation(
    trpc.catalog.update.mutationOptions({
      onSuccess: () => {
        toast.success(`Saved ${image.name} ${image.version}`);
        router.push("/catalog");
        router.refresh();
      },
      onError: useServerErrors<EditValues>(form.setError, "editSchema"),
    }),
  );
  return (
    <form onSubmit={form.handleSubmit((values) => update.mutate(values))} noValidate className="max-w-xl space-y-5">
      <dl className="grid grid-cols-[10rem_1fr] gap-y-1 text-sm">
        <dt className="text-slate-500">Family</dt>
        <dd>{familyLabels[image.family as keyof typeof familyLabels] ?? image.family}</dd>
        <dt className="text-slate-500">Reference</dt>
        <dd className="break-all font-mono text-xs">{image.reference}</dd>
      </dl>
      <LifecycleFields register={form.register} errors={errors} />
      <Field id="successorId" label="Successor" hint="Developers on this image are offered “rebase to” it." error={errors.successorId?.message}>
        <Select id="successorId" aria-invalid={!!errors.successorId} {...form.register("successorId")}>
          <option value="">None</option>
          {successors.map((successor) => (
            <option key={successor.id} value={successor.id}>
              {successor.name} {successor.version}
            </option>
          ))}
        </Select>
      </Field>
      <Buttons pending={update.isPending} label="Save changes" />
    </form>
  );
}

type LifecycleProps = {
  register: ReturnType<typeof useForm<{ endOfLife?: string | null; notes?: string }>>["register"];
  errors: { endOfLife?: { message?: string }; notes?: { message?: string } };
};

function LifecycleFields({ register, errors }: LifecycleProps) {
  return (
    <>
      <Field id="endOfLife" label="End of life" hint="Deploys are refused after this day; leave empty if none is announced." error={errors.endOfLife?.message}>
        <Input id="endOfLife" type="date" aria-invalid={!!errors.endOfLife} {...register("endOfLife")} />
      </Field>
      <Field id="notes" label="Notes" error={errors.notes?.message}>
        <Textarea id="notes" aria-invalid={!!errors.notes} {...register("notes")} />
      </Field>
    </>
  );
}

function Buttons({ pending, label }: { pending: boolean; label: string }) {
  const router = useRouter();
  return (
    <div className="flex gap-2">
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : label}
      </Button>
      <Button type="button" variant="secondary" onClick={() => router.back()}>
        Cancel
      </Button>
    </div>
  );
}

export const BaseImageForm = withTRPC(BaseImageFormContent);
