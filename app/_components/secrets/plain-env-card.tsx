import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/app/_lib/api-types";
import { Card, CardBody, CardHeader } from "@/app/_components/ui/card";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { Table, Td, Th } from "@/app/_components/ui/table";
import { utcDay } from "@/app/_lib/utc-time";
import { AllowPlainEnvForm, RevokePlainEnvButton } from "./plain-env-actions";

type Allowances = inferRouterOutputs<AppRouter>["policy"]["plainEnvAllowances"];

/** Plain variables whose names look like secrets, allowed per team by operators; everything else is refused at deploy. */
export function PlainEnvCard({ allowances, teams, canEdit }: { allowances: Allowances; teams: { id: string; name: string }[]; canEdit: boolean }) {
  return (
    <Card>
      <CardHeader
        title="Plain variables that look like secrets"
        description="A deploy refuses a plain environment variable whose name (PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY, CREDENTIAL…) or value (AWS key ids, PEM private keys, JWTs, long random keys) looks like a secret: it belongs in the app's Secrets. Names allowed here for a team are let through. Each change is audited."
      />
      <CardBody className="space-y-4">
        {allowances.length ? (
          <Table aria-label="Allowed plain variables">
            <thead>
              <tr>
                <Th>Team</Th>
                <Th>Name</Th>
                <Th>Why</Th>
                <Th>Since</Th>
                {canEdit ? (
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {allowances.map((allowance) => (
                <tr key={`${allowance.team.id}:${allowance.name}`}>
                  <Td>{allowance.team.name}</Td>
                  <Td className="font-mono">{allowance.name}</Td>
                  <Td>{allowance.reason}</Td>
                  <Td>{utcDay(allowance.createdAt)}</Td>
                  {canEdit ? (
                    <Td>
                      <RevokePlainEnvButton teamId={allowance.team.id} name={allowance.name} team={allowance.team.name} />
                    </Td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </Table>
        ) : (
          <EmptyState title="None allowed">Every secret-looking plain variable is refused.</EmptyState>
        )}
        {canEdit ? <AllowPlainEnvForm teams={teams} /> : null}
      </CardBody>
    </Card>
  );
}
