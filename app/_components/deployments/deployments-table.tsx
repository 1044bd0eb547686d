import Link from "next/link";
import type { DeploymentStatus } from "@/server/deployments/contract";
import { Table, Td, Th } from "@/app/_components/ui/table";
import { DeploymentStatusBadge } from "./status-badge";

interface Row {
  id: string;
  status: DeploymentStatus;
  statusMessage: string;
  desiredRevision: number;
  runningRevision: number | null;
  target: { name: string; kind: string };
  app: { name: string };
}

/** `providerNames`: each provider kind's name as people read it (from the targets' providerName). */
export function DeploymentsTable({ deployments, providerNames }: { deployments: Row[]; providerNames: Record<string, string> }) {
  return (
    <Table aria-label="Deployments">
      <thead>
        <tr>
          <Th>Target</Th>
          <Th>Status</Th>
          <Th>Revision</Th>
          <Th>Detail</Th>
        </tr>
      </thead>
      <tbody>
        {deployments.map((deployment) => (
          <tr key={deployment.id}>
            <Td>
              <Link href={`/deployments/${deployment.id}`} className="font-medium text-brand-700 hover:underline">
                {deployment.target.name}
              </Link>
              <div className="text-xs text-slate-500">{providerNames[deployment.target.kind] ?? deployment.target.kind}</div>
            </Td>
            <Td>
              <DeploymentStatusBadge status={deployment.status} />
            </Td>
            <Td>
              {deployment.runningRevision ?? "—"} / {deployment.desiredRevision}
            </Td>
            <Td className="text-slate-600">{deployment.statusMessage}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
