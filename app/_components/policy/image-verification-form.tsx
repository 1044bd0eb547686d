"use client";

import { lazy, Suspense, useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { type PlatformPolicy, UNVERIFIED_BASE_RULES } from "@/server/policy/contract";
import { withTRPC } from "@/app/_lib/providers";
import { Button } from "@/app/_components/ui/button";
import { Field, Select } from "@/app/_components/ui/field";
import { usePlatformPolicySave } from "./use-platform-policy-save";

const PolicyImpactDialog = lazy(() => import("./policy-impact-dialog"));

type Rule = PlatformPolicy["images"]["unverifiedBase"];
const ruleLabels: Record<Rule, string> = {
  warn: "Warn, and judge the base the app declares",
  refuse: "Refuse the deploy",
};

/** What a deploy whose image is on no verified catalog base gets; saved like any platform policy, after seeing the
 * live deployments it would flag. */
function ImageVerificationFormContent({ platform }: { platform: PlatformPolicy }) {
  const [rule, setRule] = useState<Rule>(platform.images.unverifiedBase);
  const save = usePlatformPolicySave({ saved: "Image verification policy saved", refused: (error) => toast.error(error.message) });
  return (
    <form
      aria-label="Image verification policy"
      className="max-w-xl space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        void save.check({ ...platform, images: { ...platform.images, unverifiedBase: rule } });
      }}
    >
      <Field id="unverifiedBase" label="Images on no verified catalog base" hint="Not resolved (the team holds no credentials for the image's registry), or resolved with no catalog base its layers start with.">
        <Select id="unverifiedBase" value={rule} onChange={(event) => setRule(event.target.value as Rule)}>
          {UNVERIFIED_BASE_RULES.map((value) => (
            <option key={value} value={value}>
              {ruleLabels[value]}
            </option>
          ))}
        </Select>
      </Field>
      <Button type="submit" disabled={save.checking || save.pending}>
        {save.checking ? "Checking live deployments…" : "Save image verification"}
      </Button>
      {save.confirming ? (
        <Suspense fallback={null}>
          <PolicyImpactDialog {...save.confirming} pending={save.pending} title="Save the image verification policy?" />
        </Suspense>
      ) : null}
    </form>
  );
}

export const ImageVerificationForm = withTRPC(ImageVerificationFormContent);
