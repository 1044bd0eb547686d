"use client";

import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import type { AppRouter, TargetView } from "@/app/_lib/api-types";
import type { ProviderDescriptor } from "@/server/targets/contract";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { parseKeyValueText } from "@/app/_lib/key-value-text";
import { Button } from "@/app/_components/ui/button";
import { Field, Select, Textarea } from "@/app/_components/ui/field";
import { FieldInput } from "./field-input";
import { connectionFields, flatValues, nestedValues } from "./target-fields";

type Errors = Record<string, string | undefined>;

/** The form field an error path belongs to: list items report on their list, the region has its own field. */
const fieldOf = (path: string) => path.replace(/\.\d+$/, "").replace("coordinates.region", "region");

export type EditedTarget = Pick<TargetView, "id" | "name" | "kind" | "region" | "coordinates" | "labels" | "endpoint" | "caCertificate">;

function initialValues(target: EditedTarget | undefined, provider: ProviderDescriptor | undefined): Record<string, string> {
  if (!target) return {};
  const stored = { coordinates: target.coordinates };
  return {
    name: target.name,
    region: target.region,
    ...(provider ? flatValues([...provider.form.coordinates, ...provider.form.tls], stored) : {}),
    labels: Object.entries(target.labels)
      .map(([key, value]) => `${key}=${value}`)
      .join("\n"),
    endpoint: target.endpoint ?? "",
    caCertificate: target.caCertificate ?? "",
  };
}

/**
 * Registers a target, or edits one (`target`): everything but its credentials, which have their own form, and
 * where its deployments live. Credentials are write-only: sent once, sealed by the server, never shown again.
 * `providers` (targets.providers) say which clouds there are and what each asks for; the server checks what is sent
 * with the provider's own schema and answers field errors, shown next to their fields.
 */
function TargetFormContent({ target, providers }: { target?: EditedTarget; providers: ProviderDescriptor[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [kind, setKind] = useState<string>(target?.kind ?? providers[0]?.kind ?? "");
  const provider = providers.find((candidate) => candidate.kind === kind);
  const form = provider?.form ?? { coordinates: [], credentials: [], tls: [] };
  /** Where a registered target's deployments live: shown, never edited (its provider's identity fields). */
  const identity = new Set(provider?.identityPaths ?? []);
  const [values, setValues] = useState<Record<string, string>>(() => initialValues(target, provider));
  const [errors, setErrors] = useState<Errors>({});
  const onError = (error: unknown) => {
    const fields = error instanceof TRPCClientError ? (error as TRPCClientError<AppRouter>).data?.fieldErrors : null;
    if (fields) setErrors(Object.fromEntries(Object.entries(fields).map(([path, messages]) => [fieldOf(path), messages[0]])));
    else toast.error(error instanceof Error ? error.message : String(error));
  };
  const done = (message: string) => {
    toast.success(message);
    router.push("/targets");
    router.refresh();
  };
  const create = useMutation(trpc.targets.create.mutationOptions({ onSuccess: (saved) => done(`Registered ${saved.name}`), onError }));
  const update = useMutation(trpc.targets.update.mutationOptions({ onSuccess: (saved) => done(`Saved ${saved.name}`), onError }));
  const pending = create.isPending || update.isPending;

  const input = () => ({
    name: values.name ?? "",
    coordinates: { kind, region: values.region ?? "", ...nestedValues(form.coordinates, values, "coordinates."), ...nestedValues(form.tls, values, "coordinates.", true) },
    endpoint: values.endpoint ?? "",
    caCertificate: values.caCertificate ?? "",
  });

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    // The label rules, loaded when the form is first submitted: zod is not part of the page's first load. The rest is
    // the provider's to check, on the server (its field errors come back through onError).
    const schemas = await import("@/server/targets/contract-schemas");
    const labels = parseKeyValueText(values.labels ?? "", { name: schemas.targetLabelKey, maxValue: schemas.MAX_LABEL_VALUE });
    if (labels.problems.length) {
      setErrors({ labels: labels.problems.map((problem) => problem.message).join(" · ") });
      return;
    }
    setErrors({});
    if (target) update.mutate({ id: target.id, ...input(), labels: labels.values });
    else create.mutate({ ...input(), labels: labels.values, credentials: { kind, ...nestedValues(form.credentials, values, "credentials.", true) } });
  };

  const set = (path: string, value: string) => setValues((current) => ({ ...current, [path]: value }));
  const field = (definition: Parameters<typeof FieldInput>[0]["field"]) => (
    <FieldInput key={definition[0]} field={definition} value={values[definition[0]]} error={errors[definition[0]]} disabled={Boolean(target) && identity.has(definition[0])} onChange={(value) => set(definition[0], value)} />
  );

  return (
    <form onSubmit={submit} noValidate className="max-w-xl space-y-4">
      <Field id="kind" label="Provider">
        <Select id="kind" value={kind} disabled={Boolean(target)} onChange={(event) => setKind(event.target.value)}>
          {providers.map((option) => (
            <option key={option.kind} value={option.kind}>
              {option.displayName}
            </option>
          ))}
        </Select>
      </Field>
      {field(["name", "Name", "text"])}
      {field(["region", "Region", "text"])}
      {form.coordinates.map(field)}
      {target ? null : (
        <fieldset className="space-y-4 rounded-md border border-slate-200 p-4">
          <legend className="px-1 text-sm font-medium">Credentials</legend>
          <p className="text-sm text-slate-600">Credentials that last: Bulkhead renews the tokens they give, so nobody has to come back to this target before they are rotated.</p>
          {form.credentials.map(field)}
        </fieldset>
      )}
      <fieldset className="space-y-4 rounded-md border border-slate-200 p-4">
        <legend className="px-1 text-sm font-medium">TLS infrastructure (optional)</legend>
        <p className="text-sm text-slate-600">What this target offers to enforce encryption in transit. Leave empty what it lacks: deploys that need it are then refused, naming the setting.</p>
        {form.tls.map(field)}
      </fieldset>
      <fieldset className="space-y-4 rounded-md border border-slate-200 p-4">
        <legend className="px-1 text-sm font-medium">Endpoints (optional)</legend>
        <p className="text-sm text-slate-600">Only for a private endpoint or a local stand-in; empty, Bulkhead talks to the provider&apos;s public API.</p>
        {connectionFields.map(field)}
      </fieldset>
      <Field id="labels" label="Labels" hint="One key=value per line, e.g. residency=eu, zone=private." error={errors.labels}>
        <Textarea id="labels" className="font-mono" value={values.labels ?? ""} onChange={(event) => set("labels", event.target.value)} />
      </Field>
      {errors[""] ? <p role="alert" className="text-sm text-red-600">{errors[""]}</p> : null}
      <Button type="submit" disabled={pending}>
        {target ? (pending ? "Saving…" : "Save target") : pending ? "Registering…" : "Register target"}
      </Button>
    </form>
  );
}

export const TargetForm = withTRPC(TargetFormContent);
