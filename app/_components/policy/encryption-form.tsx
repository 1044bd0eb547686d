"use client";

import { lazy, Suspense, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import type { z } from "zod";
import type { AppRouter, PolicyImpact } from "@/app/_lib/api-types";
import { type PlatformPolicy, TLS_VERSIONS } from "@/server/policy/contract";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { Field, Select, Textarea } from "@/app/_components/ui/field";
import { lazyZodResolver } from "@/app/_components/ui/lazy-zod-resolver";
import { allowListLines } from "./allow-list-text";
import type { encryptionFormSchema } from "./encryption-form-schema";

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
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState<{ proposed: PlatformPolicy; impact: PolicyImpact } | null>(null);
  const [checking, setChecking] = useState(false);
  const { egressAllowList, ...rest } = platform.encryption;
  const form = useForm<FormValues>({ resolver: lazyZodResolver(() => import("./encryption-form-schema").then((m) => m.encryptionFormSchema)), defaultValues: { ...rest, egressAllowListText: egressAllowList.join("\n") } });
  const { errors } = form.formState;
  const save = useMutation(
    trpc.policy.setPlatform.mutationOptions({
      onSuccess: () => {
        setConfirming(null);
        toast.success("Platform encryption policy saved");
        router.refresh();
      },
      onError: (error) => {
        setConfirming(null);
        refused(error);
      },
    }),
  );
  /** A refusal of the server, beside the field it names where it names one. */
  function refused(error: { message: string }) {
    const fieldErrors = error instanceof TRPCClientError ? (error as TRPCClientError<AppRouter>).data?.fieldErrors : null;
    const listError = Object.entries(fieldErrors ?? {}).find(([field]) => field.startsWith("encryption.egressAllowList"));
    if (listError) form.setError("egressAllowListText", { message: listError[1][0] });
    else toast.error(error.message);
  }
  const onSubmit = form.handleSubmit(async ({ egressAllowListText, ...values }) => {
    const proposed = { ...platform, encryption: { ...values, egressAllowList: allowListLines(egressAllowListText) } };
    setChecking(true);
    try {
      setConfirming({ proposed, impact: await queryClient.fetchQuery({ ...trpc.policy.impact.queryOptions(proposed), staleTime: 0 }) });
    } catch (error) {
      refused(error instanceof Error ? error : { message: String(error) });
    } finally {
      setChecking(false);
    }
  });

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
      <Button type="submit" disabled={checking || save.isPending}>
        {checking ? "Checking live deployments…" : "Save encryption policy"}
      </Button>
      {confirming ? (
        <Suspense fallback={null}>
          <PolicyImpactDialog impact={confirming.impact} pending={save.isPending} onConfirm={() => save.mutate(confirming.proposed)} onClose={() => setConfirming(null)} />
        </Suspense>
      ) : null}
    </form>
  );
}

export const EncryptionForm = withTRPC(EncryptionFormContent);
