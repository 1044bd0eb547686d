"use client";

import { lazy, Suspense } from "react";
import { TRPCClientError } from "@trpc/client";
import { useForm } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import type { z } from "zod";
import type { AppRouter } from "@/app/_lib/api-types";
import { type PlatformPolicy, TLS_VERSIONS } from "@/server/policy/contract";
import { withTRPC } from "@/app/_lib/providers";
import { Button } from "@/app/_components/ui/button";
import { Field, Select, Textarea } from "@/app/_components/ui/field";
import { lazyZodResolver } from "@/app/_components/ui/lazy-zod-resolver";
import { allowListLines } from "./allow-list-text";
import type { encryptionFormSchema } from "./encryption-form-schema";
import { usePlatformPolicySave } from "./use-platform-policy-save";

type FormValues = z.infer<typeof encryptionFormSchema>;

// Radix's dialog loads when the confirmation first opens, not with the page.
const PolicyImpactDialog = lazy(() => import("./policy-impact-dialog"));

const switches = [
  ["ingressTlsRequired", "Ingress TLS required"],
  ["httpRedirectToHttps", "HTTP redirected to HTTPS"],
  ["serviceToServiceEncrypted", "Service-to-service traffic encrypted"],
  ["serviceToServiceMutualAuth", "Service-to-service traffic mutually authenticated"],
  ["egressRestricted", "Egress only over TLS, to the allow-list"],
] as const;

/** The platform's encryption in transit; saving re-judges every later deploy and is audited before/after. Before it
 * saves, the operator sees which live deployments the new policy would flag (policy.impact) and confirms. */
function EncryptionFormContent({ platform }: { platform: PlatformPolicy }) {
  const { egressAllowList, ...rest } = platform.encryption;
  const form = useForm<FormValues>({ resolver: lazyZodResolver(() => import("./encryption-form-schema").then((m) => m.encryptionFormSchema)), defaultValues: { ...rest, egressAllowListText: egressAllowList.join("\n") } });
  const { errors } = form.formState;
  const save = usePlatformPolicySave({ saved: "Platform encryption policy saved", refused });
  /** A refusal of the server, beside the field it names where it names one. */
  function refused(error: { message: string }) {
    const fieldErrors = error instanceof TRPCClientError ? (error as TRPCClientError<AppRouter>).data?.fieldErrors : null;
    const listError = Object.entries(fieldErrors ?? {}).find(([field]) => field.startsWith("encryption.egressAllowList"));
    if (listError) form.setError("egressAllowListText", { message: listError[1][0] });
    else toast.error(error.message);
  }
  const onSubmit = form.handleSubmit(({ egressAllowListText, ...values }) => save.check({ ...platform, encryption: { ...values, egressAllowList: allowListLines(egressAllowListText) } }));

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Platform encryption policy" className="max-w-xl space-y-4">
      {switches.map(([name, label]) => (
        <label key={name} className="flex items-center gap-2 text-sm">
          <input type="checkbox" className="h-4 w-4" {...form.register(name)} />
          {label}
        </label>
      ))}
      <Field id="minTlsVersion" label="Minimum TLS version" error={errors.minTlsVersion?.message}>
        <Select id="minTlsVersion" {...form.register("minTlsVersion")}>
          {TLS_VERSIONS.map((version) => (
            <option key={version} value={version}>
              TLS {version}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="egressAllowListText" label="Egress allow-list" hint="One host name (api.example.com, *.example.com) or IPv4 CIDR per line." error={errors.egressAllowListText?.message}>
        <Textarea id="egressAllowListText" className="font-mono" aria-invalid={!!errors.egressAllowListText} aria-describedby="egressAllowListText-error" {...form.register("egressAllowListText")} />
      </Field>
      <Button type="submit" disabled={save.checking || save.pending}>
        {save.checking ? "Checking live deployments…" : "Save encryption policy"}
      </Button>
      {save.confirming ? (
        <Suspense fallback={null}>
          <PolicyImpactDialog {...save.confirming} pending={save.pending} />
        </Suspense>
      ) : null}
    </form>
  );
}

export const EncryptionForm = withTRPC(EncryptionFormContent);
