"use client";

import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import type { AppRouter } from "@/app/_lib/api-types";
import type { ProviderDescriptor } from "@/server/targets/contract";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { FieldInput } from "./field-input";
import { nestedValues } from "./target-fields";

/**
 * Rotates a target's credentials: the new ones replace the old at once; the audit trail keeps their fingerprints only.
 * `provider` (targets.providers) says what its credentials are; the server checks them and answers field errors.
 */
function CredentialsFormContent({ target, provider }: { target: { id: string; name: string; kind: string }; provider: ProviderDescriptor | undefined }) {
  const trpc = useTRPC();
  const router = useRouter();
  const kind = target.kind;
  const fields = provider?.form.credentials ?? [];
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const rotate = useMutation(
    trpc.targets.rotateCredentials.mutationOptions({
      onSuccess: (saved) => {
        toast.success(`Credentials of ${saved.name} rotated`);
        router.push("/targets");
        router.refresh();
      },
      onError: (error) => {
        const fields = error instanceof TRPCClientError ? (error as TRPCClientError<AppRouter>).data?.fieldErrors : null;
        if (fields) setErrors(Object.fromEntries(Object.entries(fields).map(([path, messages]) => [path, messages[0]])));
        else toast.error(error.message);
      },
    }),
  );

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setErrors({});
    rotate.mutate({ id: target.id, credentials: { kind, ...nestedValues(fields, values, "credentials.", true) } });
  };

  return (
    <form onSubmit={submit} noValidate className="max-w-xl space-y-4">
      {fields.map((field) => (
        <FieldInput key={field[0]} field={field} value={values[field[0]]} error={errors[field[0]]} onChange={(value) => setValues((current) => ({ ...current, [field[0]]: value }))} />
      ))}
      <Button type="submit" disabled={rotate.isPending}>
        {rotate.isPending ? "Rotating…" : "Rotate credentials"}
      </Button>
    </form>
  );
}

export const CredentialsForm = withTRPC(CredentialsFormContent);
