import type { RouterOutputs } from "@/app/_lib/api-types";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { Table, Td, Th } from "@/app/_components/ui/table";
import { utcMinute } from "@/app/_lib/utc-time";
import { shortFingerprint } from "@/server/signing-keys/contract";
import { RemoveSigningKeyButton } from "./remove-signing-key-button";

type SigningKey = RouterOutputs["signingKeys"]["list"][number];

/** The keys image signatures are verified against, with what they count for; public keys, so anyone may read them. */
export function SigningKeysTable({ keys, canManage }: { keys: SigningKey[]; canManage: boolean }) {
  if (!keys.length) {
    return <EmptyState title="No trusted signing keys">{canManage ? "Add a key below: deploys that need a signed image are refused until one is trusted." : "IT operations add the keys image signatures are verified against."}</EmptyState>;
  }
  return (
    <Table aria-label="Trusted signing keys">
      <thead>
        <tr>
          <Th>Trusted for</Th>
          <Th>Name</Th>
          <Th>Fingerprint (SHA-256)</Th>
          <Th>Added (UTC)</Th>
          <Th>
            <span className="sr-only">Actions</span>
          </Th>
        </tr>
      </thead>
      <tbody>
        {keys.map((key) => (
          <tr key={key.id}>
            <Td>{key.teamId ? key.scope : "Every team (platform)"}</Td>
            <Td>{key.name}</Td>
            <Td>
              <code className="font-mono text-xs" title={key.fingerprint}>
                {shortFingerprint(key.fingerprint)}
              </code>
            </Td>
            <Td className="text-xs">{utcMinute(key.createdAt)}</Td>
            <Td>{canManage ? <RemoveSigningKeyButton signingKey={{ id: key.id, name: key.name, scope: key.scope }} /> : null}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
