"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useRouter } from "next/navigation";
import { lazy, Suspense, useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import type { z } from "zod";
import type { DeploymentSettings } from "@/server/deployments/contract";
import type { AppRouter } from "@/app/_lib/api-types";
import { withTRPC } from "@/app/_lib/providers";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Select, Textarea } from "@/app/_components/ui/field";
import { lazyZodResolver } from "@/app/_components/ui/lazy-zod-resolver";
import type { deployFormSchema } from "./deploy-form-schema";
import { keyValueText, parseKeyValueText } from "@/app/_lib/key-value-text";
import type { Preview } from "./preview-result";
import { OverrideRequestForm } from "@/app/_components/overrides/override-request-form";

// The preview's views load with the first preview (a server round trip anyway), not with the page.
const loadPreviewResult = () => import("./preview-result");
const PreviewResult = lazy(loadPreviewResult);

type FormValues = z.infer<typeof deployFormSchema>;

const defaults: DeploymentSettings = { image: "", cpu: 0.5, memoryMiB: 1024, port: 8080, env: {}, minInstances: 1, maxInstances: 1, ingress: "public", healthCheckPath: "/healthz" };

function DeployFormContent({ appId, targets, initial }: { appId: string; targets: { id: string; name: string; providerName: string }[]; initial?: { targetId: string; settings: DeploymentSettings } }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  // A plan only when policy allows the deployment; the decision either way, to say why.
  const [preview, setPreview] = useState<Preview | null>(null);
  const plan = preview?.plan ?? null;
  // A deploy policy refused, named by its audit event: what a break-glass request overrides.
  const [refusal, setRefusal] = useState<string | null>(null);
  const refusedByPolicy = !!preview?.decision?.reasons.length;
  const start = initial?.settings ?? defaults;
  const form = useForm<FormValues>({
    resolver: lazyZodResolver(() => import("./deploy-form-schema").then((m) => m.deployFormSchema)),
    defaultValues: { ...start, envText: keyValueText(start.env), targetId: initial?.targetId ?? (targets.length === 1 ? targets[0].id : "") },
  });
  const { errors } = form.formState;

  // The env rule is a zod schema: taken from the form's schema module, loaded by the validation that ran first.
  const toInput = async ({ envText: text, ...values }: FormValues) => {
    const { envRule } = await import("./deploy-form-schema");
    return { ...values, env: parseKeyValueText(text, envRule).values, appId };
  };
  const showServerErrors = async (error: unknown) => {
    const data = error instanceof TRPCClientError ? (error as TRPCClientError<AppRouter>).data : null;
    if (data?.refusal && error instanceof Error && error.message.startsWith("Refused by policy")) setRefusal(data.refusal.sequence);
    const fieldErrors = data?.fieldErrors;
    // Loaded already: the form was validated before it was sent.
    const formSchema = (await import("./deploy-form-schema")).deployFormSchema;
    let shown = 0;
    const onEnv: string[] = [];
    for (const [field, messages] of Object.entries(fieldErrors ?? {})) {
      // The API names a variable's field env.NAME; here all of them are one text field.
      if (field === "env" || field.startsWith("env.")) {
        onEnv.push(...messages);
        continue;
      }
      if (field in formSchema.shape) {
        form.setError(field as keyof FormValues, { message: messages[0] });
        shown++;
      }
    }
    if (onEnv.length) {
      form.setError("envText", { message: onEnv.join(" · ") });
      shown++;
    }
    if (!shown) toast.error(error instanceof Error ? error.message : "The deployment was refused");
  };
  const deploy = useMutation(
    trpc.deployments.deploy.mutationOptions({
      onSuccess: async (deployment) => {
        await queryClient.invalidateQueries({ queryKey: trpc.deployments.pathKey() });
        toast.success("Deployment queued");
        router.push(`/deployments/${deployment.id}`);
      },
      onError: showServerErrors,
    }),
  );

  const onPreview = form.handleSubmit(async (values) => {
    setPreview(null);
    void loadPreviewResult();
    try {
      // Never from cache: the catalog or the policy may have changed since the last preview.
      setPreview(await queryClient.fetchQuery(trpc.deployments.preview.queryOptions(await toInput(values), { retry: false, staleTime: 0 })));
    } catch (error) {
      await showServerErrors(error);
    }
  });
  const number = { valueAsNumber: true } as const;

  return (
    <div className="grid gap-8 lg:grid-cols-2">
      <div className="space-y-4">
        <form onSubmit={onPreview} noValidate className="space-y-4">
          <Field id="targetId" label="Target" error={errors.targetId?.message}>
            <Select id="targetId" aria-invalid={!!errors.targetId} {...form.register("targetId", { onChange: () => setPreview(null) })}>
              <option value="">Choose a target…</option>
              {targets.map((target) => (
                <option key={target.id} value={target.id}>
                  {target.name} — {target.providerName}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="image" label="Image (pinned by digest)" hint="registry/repository@sha256:…" error={errors.image?.message}>
            <Input id="image" className="font-mono" aria-invalid={!!errors.image} {...form.register("image", { onChange: () => setPreview(null) })} />
          </Field>
          <div className="grid grid-cols-3 gap-3">
            <Field id="cpu" label="CPU (vCPU)" error={errors.cpu?.message}>
              <Input id="cpu" type="number" step="0.25" aria-invalid={!!errors.cpu} {...form.register("cpu", number)} />
            </Field>
            <Field id="memoryMiB" label="Memory (MiB)" error={errors.memoryMiB?.message}>
              <Input id="memoryMiB" type="number" step="256" aria-invalid={!!errors.memoryMiB} {...form.register("memoryMiB", number)} />
            </Field>
            <Field id="port" label="Port" error={errors.port?.message}>
              <Input id="port" type="number" aria-invalid={!!errors.port} {...form.register("port", number)} />
            </Field>
          </div>
          <div className="grid grid-cols-3 gap-3">
            <Field id="minInstances" label="Min instances" error={errors.minInstances?.message}>
              <Input id="minInstances" type="number" aria-invalid={!!errors.minInstances} {...form.register("minInstances", number)} />
            </Field>
            <Field id="maxInstances" label="Max instances" error={errors.maxInstances?.message}>
              <Input id="maxInstances" type="number" aria-invalid={!!errors.maxInstances} {...form.register("maxInstances", number)} />
            </Field>
            <Field id="ingress" label="Ingress" error={errors.ingress?.message}>
              <Select id="ingress" {...form.register("ingress")}>
                <option value="public">Public</option>
                <option value="internal">Internal</option>
              </Select>
            </Field>
          </div>
          <Field id="healthCheckPath" label="Health check path" error={errors.healthCheckPath?.message}>
            <Input id="healthCheckPath" aria-invalid={!!errors.healthCheckPath} {...form.register("healthCheckPath")} />
          </Field>
          <Field id="envText" label="Environment variables" hint="One KEY=value per line, plain text. Passwords, tokens and keys go in the app's Secrets." error={errors.envText?.message}>
            <Textarea id="envText" className="font-mono" aria-invalid={!!errors.envText} {...form.register("envText")} />
          </Field>
          <div className="flex flex-wrap gap-2">
            <Button type="submit" variant="secondary" disabled={form.formState.isSubmitting}>
              Preview plan
            </Button>
            <Button type="button" disabled={!plan || deploy.isPending} onClick={form.handleSubmit(async (values) => deploy.mutate(await toInput(values)))}>
              {deploy.isPending ? "Deploying…" : "Deploy"}
            </Button>
            {refusedByPolicy && !refusal ? (
              // The attempt is made, refused and audited, so the request can name that exact refusal.
              <Button type="button" variant="secondary" disabled={deploy.isPending} onClick={form.handleSubmit(async (values) => deploy.mutate(await toInput(values)))}>
                Request a break-glass override
              </Button>
            ) : null}
          </div>
        </form>
        {refusal ? <OverrideRequestForm refusal={refusal} /> : null}
      </div>
      <div>
        <h2 className="mb-2 text-sm font-semibold">What will be sent to the cloud</h2>
        {preview ? (
          <Suspense fallback={<p className="text-sm text-slate-500">Loading the preview…</p>}>
            <PreviewResult preview={preview} />
          </Suspense>
        ) : (
          <p className="text-sm text-slate-500">Preview the plan to see what policy says and the provider-native requests before you deploy.</p>
        )}
      </div>
    </div>
  );
}

export const DeployForm = withTRPC(DeployFormContent);
