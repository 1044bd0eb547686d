import type { Metadata } from "next";
import { SigningKeyForm } from "@/app/_components/signing-keys/signing-key-form";
import { SigningKeysTable } from "@/app/_components/signing-keys/signing-keys-table";
import { Card, CardBody, CardHeader } from "@/app/_components/ui/card";
import { load } from "@/app/_lib/server-caller";

export const metadata: Metadata = { title: "Signing keys" };

export default async function SigningKeysPage() {
  const [me, keys] = await load((caller) => Promise.all([caller.identity.me(), caller.signingKeys.list({})]));
  const canManage = me.can.curateSigningKeys;
  const teams = canManage ? (await load((caller) => caller.policy.get())).teams : [];
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader
          as="h1"
          title="Signing keys"
          description="Deploys verify image signatures (cosign: a Sigstore bundle, or the sha256-….sig tag) against these keys: a platform key for every team's images, a team's key for that team's only. Policy says which classifications need a signed image."
        />
        <CardBody>
          <SigningKeysTable keys={keys} canManage={canManage} />
        </CardBody>
      </Card>
      {canManage ? (
        <Card>
          <CardHeader title="Trust a key" description="Paste the public key the signer publishes. Removing a key later makes the images it signed unsigned where a signature is required." />
          <CardBody>
            <SigningKeyForm teams={teams.map((team) => ({ id: team.id, name: team.name }))} />
          </CardBody>
        </Card>
      ) : null}
    </div>
  );
}
