import type { Metadata } from "next";
import { providerNames } from "@/app/_components/deployments/provider-names";
import { Badge } from "@/app/_components/ui/badge";
import { Card, CardHeader } from "@/app/_components/ui/card";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { Table, Td, Th } from "@/app/_components/ui/table";
import { load } from "@/app/_lib/server-caller";

export const metadata: Metadata = { title: "Targets" };

export default async function TargetsPage() {
  const targets = await load((caller) => caller.targets.list());
  return (
    <Card>
      <CardHeader title="Targets" description="Places apps can be deployed to. Credentials are stored encrypted and never shown." />
      {targets.length === 0 ? (
        <div className="p-5">
          <EmptyState title="No targets yet">Operators register targets through the API (targets.create).</EmptyState>
        </div>
      ) : (
        <Table aria-label="Targets">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Provider</Th>
              <Th>Region</Th>
              <Th>Labels</Th>
            </tr>
          </thead>
          <tbody>
            {targets.map((target) => (
              <tr key={target.id}>
                <Td className="font-medium">
                  {target.name} {target.sandbox ? <Badge tone="warn">sandbox</Badge> : null}
                </Td>
                <Td>{providerNames[target.kind] ?? target.kind}</Td>
                <Td>{target.region}</Td>
                <Td className="space-x-1">
                  {Object.entries(target.labels as Record<string, string>).map(([key, value]) => (
                    <Badge key={key}>
                      {key}={value}
                    </Badge>
                  ))}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
