import type { Metadata } from "next";
import { RegistryCredentialsForm } from "@/app/_components/registries/registry-credentials-form";
import { RegistryCredentialsTable } from "@/app/_components/registries/registry-credentials-table";
import { Card, CardBody, CardHeader } from "@/app/_components/ui/card";
import { load } from "@/app/_lib/server-caller";

export const metadata: Metadata = { title: "Registries" };

export default async function RegistriesPage() {
  const [me, credentials] = await load((caller) => Promise.all([caller.identity.me(), caller.registries.list({})]));
  // The teams registries.set lets this person keep credentials for (canManageTeamRegistries): a developer's own,
  // every team for an operator (the list the team-override form offers), none for compliance and admins.
  const teams = me.role === "operator" ? (await load((caller) => caller.policy.get())).teams : me.role === "developer" ? me.teams : [];
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader
          as="h1"
          title="Registries"
          description="Bulkhead pulls your team's images with these credentials to resolve and judge what will run. Passwords and tokens are sealed and never shown again."
        />
        <CardBody>
          <RegistryCredentialsTable credentials={credentials} canAdd={teams.length > 0} />
        </CardBody>
      </Card>
      {teams.length ? (
        <Card>
          <CardHeader
            title="Add or replace credentials"
            description="Bulkhead logs in to the registry before saving, so a mistyped token is refused at once. Saving for a registry the team already has replaces its credentials."
          />
          <CardBody>
            <RegistryCredentialsForm teams={teams.map((team) => ({ id: team.id, name: team.name }))} />
          </CardBody>
        </Card>
      ) : null}
    </div>
  );
}
