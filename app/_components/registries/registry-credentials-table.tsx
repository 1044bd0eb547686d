import type { RouterOutputs } from "@/app/_lib/api-types";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { Table, Td, Th } from "@/app/_components/ui/table";
import { utcMinute } from "@/app/_lib/utc-time";
import { RemoveRegistryButton } from "./remove-registry-button";

type RegistryCredential = RouterOutputs["registries"]["list"][number];

/** The teams' registry credentials: who Bulkhead logs in as, never the password or token. */
export function RegistryCredentialsTable({ credentials, canAdd }: { credentials: RegistryCredential[]; canAdd: boolean }) {
  if (!credentials.length) {
    return (
      <EmptyState title="No registry credentials">
        {canAdd ? "Add a team's credentials below for each registry that asks for them." : "A team's developers and the platform's operators add them here."}
      </EmptyState>
    );
  }
  return (
    <Table aria-label="Registry credentials">
      <thead>
        <tr>
          <Th>Team</Th>
          <Th>Registry</Th>
          <Th>User name</Th>
          <Th>Last changed (UTC)</Th>
          <Th>
            <span className="sr-only">Actions</span>
          </Th>
        </tr>
      </thead>
      <tbody>
        {credentials.map((credential) => (
          <tr key={credential.id}>
            <Td>{credential.team}</Td>
            <Td>
              <code className="font-mono text-xs">{credential.registry}</code>
            </Td>
            <Td>{credential.username}</Td>
            <Td className="text-xs">{utcMinute(credential.updatedAt)}</Td>
            <Td>{credential.canManage ? <RemoveRegistryButton credential={{ teamId: credential.teamId, team: credential.team, registry: credential.registry }} /> : null}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
