"use client";

import { lazy, Suspense, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import type { z } from "zod";
import type { EncryptionOverride } from "@/server/policy/contract";
import type { PolicyImpact } from "@/app/_lib/api-types";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { Field, Select, Textarea } from "@/app/_components/ui/field";
import { lazyZodResolver } from "@/app/_components/ui/lazy-zod-resolver";
import { settingLabels } from "@/app/_components/deployments/setting-labels";
import { allowListLines } from "./allow-list-text";
import type { teamOverrideFormSchema } from "./team-override-form-schema";

type FormValues = z.infer<typeof teamOverrideFormSchema>;
type Proposed = { teamId: string; encryption: EncryptionOverride };

// Radix's dialog loads when the confirmation first opens, not with the page.
const PolicyImpactDialog = lazy(() => import("./policy-impact-dialog"));
type Switch = "ingressTlsRequired" | "httpRedirectToHttps" | "serviceToServiceEncrypted" | "serviceToServiceMutualAuth" | "egressRestricted";
const switches: Switch[] = ["ingressTlsRequired", "httpRedirectToHttps", "serviceToServiceEncrypted", "serviceToServiceMutualAuth", "egressRestricted"];

function toOverride(values: FormValues): EncryptionOverride {
  const override: EncryptionOverride = {};
  for (const name of switches) if (values[name]) override[name] = values[name] === "true";
  if (values.minTlsVersion) override.minTlsVersion = values.minTlsVersion;
  const list = allowListLines(values.egressAllowListText);
  if (list.length) override.egressAllowList = list;
  return override;
}

function TeamOverrideFormContent({ teams }: { teams: { id: string; name: string }[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState<{ proposed: Proposed; impact: PolicyImpact } | null>(null);
  const [checking, setChecking] = useState(false);
  const form = useForm<FormValues>({
    resolver: lazyZodResolver(() => import("./team-override-form-schema").then((m) => m.teamOverrideFormSchema)),
    defaultValues: { teamId: "", ingressTlsRequired: "", httpRedirectToHttps: "", serviceToServiceEncrypted: "", serviceToServiceMutualAuth: "", egressRestricted: "", minTlsVersion: "", egressAllowListText: "" },
  });
  const { errors } = form.formState;
  const save = useMutation(
    trpc.policy.setTeamOverride.mutationOptions({
      onSuccess: () => {
        setConfirming(null);
        toast.success("Team override saved");
        router.refresh();
      },
      onError: (error) => {
        setConfirming(null);
        form.setError("root", { message: error.message });
      },
    }),
  );
  // Before saving, the operator sees which of the team's live deployments the override would flag, and confirms.
  const onSubmit = form.handleSubmit(async (values) => {
    // Loaded with the form's schema on validation.
    const { setTeamOverrideInput } = await import("./team-override-form-schema");
    const proposed = setTeamOverrideInput.parse({ teamId: values.teamId, encryption: toOverride(values) });
    setChecking(true);
    try {
      setConfirming({ proposed, impact: await queryClient.fetchQuery({ ...trpc.policy.teamOverrideImpact.queryOptions(proposed), staleTime: 0 }) });
    } catch (error) {
      form.setError("root", { message: error instanceof Error ? error.message : String(error) });
    } finally {
      setChecking(false);
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Team override" className="max-w-xl space-y-4">
      <Field id="override-teamId" label="Team" error={errors.teamId?.message}>
        <Select id="override-teamId" aria-invalid={!!errors.teamId} {...form.register("teamId")}>
          <option value="">Choose a team…</option>
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </Select>
      </Field>
      <div className="grid grid-cols-2 gap-3">
        {switches.map((name) => (
          <Field key={name} id={`override-${name}`} label={<span title={name}>{settingLabels[name]}</span>}>
            <Select id={`override-${name}`} {...form.register(name)}>
              <option value="">Follow the platform</option>
              <option value="true">Required</option>
              <option value="false">Not required</option>
            </Select>
          </Field>
        ))}
        <Field id="override-minTlsVersion" label={<span title="minTlsVersion">{settingLabels.minTlsVersion}</span>}>
          <Select id="override-minTlsVersion" {...form.register("minTlsVersion")}>
            <option value="">Follow the platform</option>
            <option value="1.2">TLS 1.2</option>
            <option value="1.3">TLS 1.3</option>
          </Select>
        </Field>
      </div>
      <Field id="override-egressAllowListText" label="Team egress allow-list" hint="Empty: the platform's. Otherwise one destination per line, from the platform's list." error={errors.egressAllowListText?.message}>
        <Textarea id="override-egressAllowListText" className="font-mono" {...form.register("egressAllowListText")} />
      </Field>
      {errors.root ? (
        <p role="alert" className="text-sm text-red-700">
          {errors.root.message}
        </p>
      ) : null}
      <Button type="submit" disabled={checking || save.isPending}>
        {checking ? "Checking the team's live deployments…" : "Save team override"}
      </Button>
      {confirming ? (
        <Suspense fallback={null}>
          <PolicyImpactDialog
            title="Save the team override?"
            impact={confirming.impact}
            pending={save.isPending}
            onConfirm={() => save.mutate(confirming.proposed)}
            onClose={() => setConfirming(null)}
          />
        </Suspense>
      ) : null}
    </form>
  );
}

export const TeamOverrideForm = withTRPC(TeamOverrideFormContent);
