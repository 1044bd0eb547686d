import type { Metadata } from "next";
import { CredentialsForm } from "@/app/_components/targets/credentials-form";
import { Card, CardBody, CardHeader } from "@/app/_components/ui/card";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { load } from "@/app/_lib/server-caller";

export const metadata: Metadata = { title: "Rotate credentials" };

export default async function RotateCredentialsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [target, providers] = await load((caller) => Promise.all([caller.targets.get({ id }), caller.targets.providers()]));
  const current = target.credentialsSummary;
  return (
    <Card>
      <CardHeader
        as="h1"
        title={`Rotate the credentials of ${target.name}`}
        description={`Now: ${current ? `${current.identity}, fingerprint ${current.fingerprint}` : "unknown"}. The new credentials replace them at once; the audit trail records only their fingerprints.`}
      />
      <CardBody>{target.can.rotateCredentials ? <CredentialsForm target={target} provider={providers.find((provider) => provider.kind === target.kind)} /> : <EmptyState title="Only IT operations rotate credentials" />}</CardBody>
    </Card>
  );
}
