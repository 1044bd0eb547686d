"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { Card, CardBody, CardHeader } from "@/app/_components/ui/card";
import { Field, Input } from "@/app/_components/ui/field";

/** Instances the cloud keeps running and may add; a refused scale names its field beside that field. */
export function DeploymentScaleCard({ id, current, onChange }: { id: string; current: { minInstances: number; maxInstances: number }; onChange: () => void }) {
  const trpc = useTRPC();
  // A refused scale names its field (e.g. a minimum above the maximum) beside that field, not in a toast.
  const [scaleErrors, setScaleErrors] = useState<Record<string, string[] | undefined>>({});
  const scale = useMutation(
    trpc.deployments.scale.mutationOptions({
      onMutate: () => setScaleErrors({}),
      onSuccess: onChange,
      onError: (error) => {
        const fieldErrors = error.data?.fieldErrors;
        if (fieldErrors?.minInstances || fieldErrors?.maxInstances) setScaleErrors(fieldErrors);
        else toast.error(error.message);
      },
    }),
  );
  const [instances, setInstances] = useState<{ min: number; max: number } | null>(null);
  const scaleTo = instances ?? { min: current.minInstances ?? 1, max: current.maxInstances ?? 1 };
  return (
    <Card>
      <CardHeader title="Scale" description="Instances the cloud keeps running (minimum) and may add under load (maximum)." />
      <CardBody>
        <form
          className="flex items-end gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            scale.mutate({ id, minInstances: scaleTo.min, maxInstances: scaleTo.max });
          }}
        >
          <Field id="scale-min" label="Min instances" error={scaleErrors.minInstances?.[0]}>
            <Input id="scale-min" type="number" aria-invalid={!!scaleErrors.minInstances} value={scaleTo.min} onChange={(e) => setInstances({ ...scaleTo, min: e.target.valueAsNumber })} />
          </Field>
          <Field id="scale-max" label="Max instances" error={scaleErrors.maxInstances?.[0]}>
            <Input id="scale-max" type="number" aria-invalid={!!scaleErrors.maxInstances} value={scaleTo.max} onChange={(e) => setInstances({ ...scaleTo, max: e.target.valueAsNumber })} />
          </Field>
          <Button type="submit" variant="secondary" disabled={scale.isPending}>
            Scale
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
