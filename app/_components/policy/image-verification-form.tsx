"use client";

import { lazy, Suspense, useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { CLASSIFICATION_CHANGE_RULES, type PlatformPolicy, UNVERIFIED_BASE_RULES } from "@/server/policy/contract";
import { classificationLabels, DataClassification } from "@/server/apps/contract";
import { withTRPC } from "@/app/_lib/providers";
import { Button } from "@/app/_components/ui/button";
import { Field, Select } from "@/app/_components/ui/field";
import { usePlatformPolicySave } from "./use-platform-policy-save";

const PolicyImpactDialog = lazy(() => import("./policy-impact-dialog"));

type Rule = PlatformPolicy["images"]["unverifiedBase"];
type Classification = PlatformPolicy["images"]["signaturesRequiredFor"][number];
type ChangeRule = PlatformPolicy["apps"]["classificationChanges"];
const ruleLabels: Record<Rule, string> = {
  warn: "Warn, and judge the base the app declares",
  refuse: "Refuse the deploy",
};
const changeLabels: Record<ChangeRule, string> = {
  team: "The app's team",
  operators: "IT operations only",
};

/** What a deploy whose image is on no verified catalog base gets, which classifications need a signed image, and who
 * may change an app's classification; saved like any platform policy, after seeing the live deployments it would flag. */
function ImageVerificationFormContent({ platform }: { platform: PlatformPolicy }) {
  const [rule, setRule] = useState<Rule>(platform.images.unverifiedBase);
  const [signed, setSigned] = useState<Classification[]>(platform.images.signaturesRequiredFor);
  const [changes, setChanges] = useState<ChangeRule>(platform.apps.classificationChanges);
  const toggle = (classification: Classification, on: boolean) => setSigned((current) => (on ? [...current, classification] : current.filter((c) => c !== classification)));
  const save = usePlatformPolicySave({ saved: "Image verification policy saved", refused: (error) => toast.error(error.message) });
  return (
    <form
      aria-label="Image verification policy"
      className="max-w-xl space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        void save.check({ ...platform, images: { unverifiedBase: rule, signaturesRequiredFor: Object.values(DataClassification).filter((c) => signed.includes(c)) }, apps: { classificationChanges: changes } });
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
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium">Signatures required for</legend>
        <p className="text-xs text-slate-600">Deploys of apps with these classifications need an image signed by a trusted key (Signing keys).</p>
        {Object.values(DataClassification).map((classification) => (
          <label key={classification} className="flex items-center gap-2 text-sm">
            <input type="checkbox" className="h-4 w-4" checked={signed.includes(classification)} onChange={(event) => toggle(classification, event.target.checked)} />
            {classificationLabels[classification]}
          </label>
        ))}
      </fieldset>
      <Field id="classificationChanges" label="Who may change an app's data classification" hint="With IT operations only, a developer's change is refused and operators change it on the app's page, with a reason.">
        <Select id="classificationChanges" value={changes} onChange={(event) => setChanges(event.target.value as ChangeRule)}>
          {CLASSIFICATION_CHANGE_RULES.map((value) => (
            <option key={value} value={value}>
              {changeLabels[value]}
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
