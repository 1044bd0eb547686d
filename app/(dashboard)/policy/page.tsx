import type { Metadata } from "next";
import { EncryptionForm } from "@/app/_components/policy/encryption-form";
import { ImagePolicySummary } from "@/app/_components/policy/image-policy-summary";
import { ImageVerificationForm } from "@/app/_components/policy/image-verification-form";
import { TeamOverrideForm } from "@/app/_components/policy/team-override-form";
import { PlainEnvCard } from "@/app/_components/secrets/plain-env-card";
import { Card, CardBody, CardHeader } from "@/app/_components/ui/card";
import { PageTitle } from "@/app/_components/ui/page-title";
import { load } from "@/app/_lib/server-caller";

export const metadata: Metadata = { title: "Policy" };

const settingsText = (override: Record<string, unknown>) =>
  Object.entries(override)
    .map(([key, value]) => `${key} = ${Array.isArray(value) ? value.join(", ") : String(value)}`)
    .join("; ");

export default async function PolicyPage() {
  const [me, policies, allowances] = await load((caller) => Promise.all([caller.identity.me(), caller.policy.get(), caller.policy.plainEnvAllowances()]));
  const canEdit = me.can.editPolicy;
  const placement = Object.entries(policies.platform.placement);
  return (
    <div className="space-y-6">
      <PageTitle>Policy</PageTitle>
      <Card>
        <CardHeader title="Encryption in transit" description="The platform policy every deploy is judged by. Each change is recorded in the audit trail, before and after." />
        <CardBody>
          {canEdit ? <EncryptionForm platform={policies.platform} /> : <pre className="text-xs">{JSON.stringify(policies.platform.encryption, null, 2)}</pre>}
        </CardBody>
      </Card>
      <Card>
        <CardHeader
          title="Image verification"
          description="Deploys resolve their image in the team's registry, judge the catalog base its layers show and check its signatures. What an unverified base gets, which classifications need a signed image, and who may reclassify an app."
        />
        <CardBody>
          {canEdit ? <ImageVerificationForm platform={policies.platform} /> : <ImagePolicySummary platform={policies.platform} />}
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="Team overrides" description="A team may be held to a stricter policy than the platform's, never a looser one." />
        <CardBody className="space-y-4">
          <ul aria-label="Team overrides" className="space-y-1 text-sm">
            {policies.teams.map((team) => (
              <li key={team.id}>
                <span className="font-medium">{team.name}</span>: {team.override && Object.keys(team.override).length ? settingsText(team.override) : "follows the platform"}
              </li>
            ))}
          </ul>
          {canEdit ? <TeamOverrideForm teams={policies.teams} /> : null}
        </CardBody>
      </Card>
      <PlainEnvCard allowances={allowances} teams={policies.teams} canEdit={canEdit} />
      <Card>
        <CardHeader title="Placement" description="Labels a target needs before it may hold data of each classification." />
        <CardBody>
          <ul className="space-y-1 text-sm">
            {placement.map(([classification, requirements]) => (
              <li key={classification}>
                <span className="font-medium">{classification}</span>: {(requirements ?? []).map((r) => `${r.label} ∈ {${r.anyOf.join(", ")}}`).join(", ")}
              </li>
            ))}
          </ul>
        </CardBody>
      </Card>
    </div>
  );
}
