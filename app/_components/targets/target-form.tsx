"use client";

import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { createTargetInput } from "@/server/targets/schemas";
import type { AppRouter } from "@/server/routers";
import { PROVIDER_KINDS, type ProviderKind } from "@/providers/types";
import { useTRPC } from "@/app/_lib/trpc";
import { parseEnvText } from "@/app/_components/deployments/env-text";
import { providerNames } from "@/app/_components/deployments/provider-names";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Select, Textarea } from "@/app/_components/ui/field";
import { targetFields } from "./target-fields";

type Errors = Record<string, string | undefined>;

/** The form field an error path belongs to: list items report on their list, the region has its own field. */
const fieldOf = (path: string) => path.replace(/\.\d+$/, "").replace("coordinates.region", "region");

/** Registers a target. Credentials are write-only: sent once, sealed by the server, never shown again. */
export function TargetForm() {
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

  const input = () => {
    const section = (prefix: string) =>
      Object.fromEntries(
        targetFields[kind]
          .filter(([path]) => path.startsWith(prefix))
          .map(([path, , type]) => {
            const raw = values[path] ?? "";
            return [path.slice(prefix.length), type === "list" ? raw.split(",").map((item) => item.trim()).filter(Boolean) : raw];
          }),
      );
    return {
      name: values.name ?? "",
      coordinates: { kind, region: values.region ?? "", ...section("coordinates.") },
      credentials: { kind, ...section("credentials.") },
      labels: parseEnvText(values.labels ?? ""),
    };
  };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const parsed = createTargetInput.safeParse(input());
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((issue) => [fieldOf(issue.path.join(".")), issue.message])));
      return;
    }
    setErrors({});
    create.mutate(parsed.data);
  };

  const field = (path: string, label: string, type: "text" | "list" | "secret" = "text") => (
    <Field key={path} id={path} label={label} error={errors[path]}>
      <Input
        id={path}
        type={type === "secret" ? "password" : "text"}
        autoComplete={type === "secret" ? "new-password" : "off"}
        aria-invalid={!!errors[path]}
        value={values[path] ?? ""}
        onChange={(event) => setValues({ ...values, [path]: event.target.value })}
      />
    </Field>
  );

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
      {field("name", "Name")}
      {field("region", "Region")}
      {targetFields[kind].map(([path, label, type]) => field(path, label, type))}
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
