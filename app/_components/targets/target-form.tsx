"use client";

import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import type { AppRouter } from "@/server/routers";
import { PROVIDER_KINDS, TLS_VERSIONS, type ProviderKind } from "@/providers/types";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { parseKeyValueText } from "@/app/_lib/key-value-text";
import { providerNames } from "@/app/_components/deployments/provider-names";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Select, Textarea } from "@/app/_components/ui/field";
import { DEFAULT_TLS_VERSION, nestedValues, targetFields, tlsFields, type TargetField } from "./target-fields";

type Errors = Record<string, string | undefined>;

/** The form field an error path belongs to: list items report on their list, the region has its own field. */
const fieldOf = (path: string) => path.replace(/\.\d+$/, "").replace("coordinates.region", "region");

/** Registers a target. Credentials are write-only: sent once, sealed by the server, never shown again. */
function TargetFormContent() {
  const trpc = useTRPC();
  const router = useRouter();
  const [kind, setKind] = useState<ProviderKind>("aws-ecs");
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Errors>({});
  const create = useMutation(
    trpc.targets.create.mutationOptions({
      onSuccess: (target) => {
        toast.success(`Registered ${target.name}`);
        router.push("/targets");
        router.refresh();
      },
      onError: (error) => {
        const fields = error instanceof TRPCClientError ? (error as TRPCClientError<AppRouter>).data?.fieldErrors : null;
        if (fields) setErrors(Object.fromEntries(Object.entries(fields).map(([path, messages]) => [fieldOf(path), messages[0]])));
        else toast.error(error.message);
      },
    }),
  );

  const input = () => ({
    name: values.name ?? "",
    coordinates: { kind, region: values.region ?? "", ...nestedValues(targetFields[kind], values, "coordinates."), ...nestedValues(tlsFields[kind], values, "coordinates.", true) },
    credentials: { kind, ...nestedValues(targetFields[kind], values, "credentials.") },
  });

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    // The API's own schema, loaded when the form is first submitted: zod is not part of the page's first load.
    const { createTargetInput, MAX_LABEL_VALUE, targetLabelKey } = await import("@/server/targets/schemas");
    const labels = parseKeyValueText(values.labels ?? "", { name: targetLabelKey, maxValue: MAX_LABEL_VALUE });
    const parsed = createTargetInput.safeParse({ ...input(), labels: labels.values });
    if (!parsed.success || labels.problems.length) {
      const found: Errors = Object.fromEntries((parsed.error?.issues ?? []).map((issue) => [fieldOf(issue.path.join(".")), issue.message]));
      if (labels.problems.length) found.labels = labels.problems.map((problem) => problem.message).join(" · ");
      setErrors(found);
      return;
    }
    setErrors({});
    create.mutate(parsed.data);
  };

  const set = (path: string, value: string) => setValues({ ...values, [path]: value });

  const field = ([path, label, type]: TargetField) => {
    if (type === "flag") {
      return (
        <label key={path} className="flex items-center gap-2 text-sm">
          <input type="checkbox" id={path} checked={values[path] === "true"} onChange={(event) => set(path, String(event.target.checked))} />
          {label}
        </label>
      );
    }
    return (
      <Field key={path} id={path} label={label} error={errors[path]}>
        {type === "tls-version" ? (
          <Select id={path} aria-invalid={!!errors[path]} value={values[path] ?? DEFAULT_TLS_VERSION} onChange={(event) => set(path, event.target.value)}>
            {TLS_VERSIONS.map((version) => (
              <option key={version} value={version}>
                TLS {version}
              </option>
            ))}
          </Select>
        ) : (
          <Input
            id={path}
            type={type === "secret" ? "password" : "text"}
            autoComplete={type === "secret" ? "new-password" : "off"}
            aria-invalid={!!errors[path]}
            value={values[path] ?? ""}
            onChange={(event) => set(path, event.target.value)}
          />
        )}
      </Field>
    );
  };

  return (
    <form onSubmit={submit} noValidate className="max-w-xl space-y-4">
      <Field id="kind" label="Provider">
        <Select id="kind" value={kind} onChange={(event) => setKind(event.target.value as ProviderKind)}>
          {PROVIDER_KINDS.map((value) => (
            <option key={value} value={value}>
              {providerNames[value]}
            </option>
          ))}
        </Select>
      </Field>
      {field(["name", "Name", "text"])}
      {field(["region", "Region", "text"])}
      {targetFields[kind].map(field)}
      <fieldset className="space-y-4 rounded-md border border-slate-200 p-4">
        <legend className="px-1 text-sm font-medium">TLS infrastructure (optional)</legend>
        <p className="text-sm text-slate-600">What this target offers to enforce encryption in transit. Leave empty what it lacks: deploys that need it are then refused, naming the setting.</p>
        {tlsFields[kind].map(field)}
      </fieldset>
      <Field id="labels" label="Labels" hint="One key=value per line, e.g. residency=eu, zone=private." error={errors.labels}>
        <Textarea id="labels" className="font-mono" value={values.labels ?? ""} onChange={(event) => setValues({ ...values, labels: event.target.value })} />
      </Field>
      {errors[""] ? <p role="alert" className="text-sm text-red-600">{errors[""]}</p> : null}
      <Button type="submit" disabled={create.isPending}>
        {create.isPending ? "Registering…" : "Register target"}
      </Button>
    </form>
  );
}

export const TargetForm = withTRPC(TargetFormContent);
