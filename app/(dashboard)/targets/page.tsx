import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/app/_components/ui/button";
import { Badge } from "@/app/_components/ui/badge";
import { Card, CardHeader } from "@/app/_components/ui/card";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { Table, Td, Th } from "@/app/_components/ui/table";
import { load } from "@/app/_lib/server-caller";
import { utcMinute } from "@/app/_lib/utc-time";
import { TargetActions } from "@/app/_components/targets/target-actions";

export const metadata: Metadata = { title: "Targets" };

export default async function TargetsPage() {
  const [me, targets] = await load((caller) => Promise.all([caller.identity.me(), caller.targets.list()]));
  const operator = me.can.manageTargets;
  // Developers see what they deploy by; the platform roles also see which credentials a target holds.
  const platform = me.can.seeTargetConnections;
  return (
    <Card>
      <CardHeader
        as="h1"
        title="Targets"
        description="Places apps can be deployed to. Credentials are stored encrypted and never shown."
        actions={
          operator ? (
            <Button asChild>
              <Link href="/targets/new">Register target</Link>
            </Button>
          ) : null
        }
      />
      {targets.length === 0 ? (
        <div className="p-5">
          <EmptyState title="No targets yet">IT operations register targets with “Register target”.</EmptyState>
        </div>
      ) : (
        <Table aria-label="Targets">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Provider</Th>
              <Th>Region</Th>
              <Th>Labels</Th>
              <Th>TLS infrastructure</Th>
              {platform ? <Th>Credentials</Th> : null}
              {operator ? <Th>Actions</Th> : null}
            </tr>
          </thead>
          <tbody>
            {targets.map((target) => (
              <tr key={target.id}>
                <Td className="font-medium">
                  {target.name} {target.sandbox ? <Badge tone="warn">sandbox</Badge> : null}{" "}
                  {target.disabledAt ? <Badge tone="bad">disabled{target.disabledReason ? `: ${target.disabledReason}` : ""}</Badge> : null}
                </Td>
                <Td>{target.providerName}</Td>
                <Td>{target.region}</Td>
                <Td className="space-x-1">
                  {Object.entries(target.labels).map(([key, value]) => (
                    <Badge key={key}>
                      {key}={value}
                    </Badge>
                  ))}
                </Td>
                <Td className="text-slate-700">{target.tlsInfrastructure.join(" · ") || "none"}</Td>
                {platform ? (
                  <Td className="text-xs text-slate-700">
                    {target.credentialsSummary ? (
                      <>
                        {target.credentialsSummary.identity}
                        <br />
                        <span className="font-mono">fingerprint {target.credentialsSummary.fingerprint}</span>
                        {target.credentialsRotatedAt ? <> · rotated {utcMinute(target.credentialsRotatedAt)}</> : null}
                      </>
                    ) : (
                      "—"
                    )}
                  </Td>
                ) : null}
                {operator ? (
                  <Td className="space-y-2">
                    <div className="flex gap-2 text-sm">
                      {target.can.edit ? (
                        <Link className="text-brand-700 underline" href={`/targets/${target.id}/edit`} aria-label={`Edit ${target.name}`}>
                          Edit
                        </Link>
                      ) : null}
                      {target.can.rotateCredentials ? (
                        <Link className="text-brand-700 underline" href={`/targets/${target.id}/credentials`} aria-label={`Rotate credentials of ${target.name}`}>
                          Rotate credentials
                        </Link>
                      ) : null}
                    </div>
                    <TargetActions target={target} />
                  </Td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
