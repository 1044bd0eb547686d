import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/app/_lib/api-types";
import { Badge } from "@/app/_components/ui/badge";
import { Card, CardBody, CardHeader } from "@/app/_components/ui/card";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { Table, Td, Th } from "@/app/_components/ui/table";
import { utcDay, utcMinute } from "@/app/_lib/utc-time";
import { RevokeTokenButton } from "./revoke-token-button";

type Token = inferRouterOutputs<AppRouter>["tokens"]["list"]["tokens"][number];

const statusTone = { active: "good", expired: "warn", revoked: "bad" } as const;

/** The caller's own tokens and their teams' service tokens: never a token's text, only its last four characters. */
export function TokensCard({ tokens }: { tokens: Token[] }) {
  return (
    <Card>
      <CardHeader as="h1" title="API tokens" description="Your own tokens, and the service tokens of the teams you see (they belong to the team, not to whoever made them)." />
      <CardBody>
        {tokens.length ? (
          <Table aria-label="API tokens">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Owner</Th>
                <Th>Abilities</Th>
                <Th>Apps</Th>
                <Th>Token</Th>
                <Th>Expires</Th>
                <Th>Last used</Th>
                <Th>Status</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id}>
                  <Td className="font-medium">{token.name}</Td>
                  <Td>{token.kind === "team" ? `Team ${token.owner.team?.name}` : token.owner.email}</Td>
                  <Td className="text-xs">{token.abilities.join(", ")}</Td>
                  <Td className="text-xs">{token.apps.length ? token.apps.map((app) => app.name ?? "a deleted app").join(", ") : "All"}</Td>
                  <Td>
                    <code className="font-mono text-xs">{token.display}</code>
                  </Td>
                  <Td className="text-xs">{utcDay(token.expiresAt)}</Td>
                  <Td className="text-xs text-slate-600">{token.lastUsedAt ? `${utcMinute(token.lastUsedAt)} from ${token.lastUsedIp ?? "?"}` : "Never"}</Td>
                  <Td>
                    <Badge tone={statusTone[token.status]}>{token.status}</Badge>
                  </Td>
                  <Td>{token.can.revoke ? <RevokeTokenButton token={{ id: token.id, name: token.name }} /> : null}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        ) : (
          <EmptyState title="No API tokens">Make one below for a CI job or a script.</EmptyState>
        )}
      </CardBody>
    </Card>
  );
}
