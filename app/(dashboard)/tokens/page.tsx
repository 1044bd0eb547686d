import type { Metadata } from "next";
import { CreateTokenForm } from "@/app/_components/tokens/create-token-form";
import { TokensCard } from "@/app/_components/tokens/tokens-card";
import { Card, CardBody, CardHeader } from "@/app/_components/ui/card";
import { load } from "@/app/_lib/server-caller";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const [view, apps] = await Promise.all([load((caller) => caller.tokens.list()), load((caller) => caller.apps.list({}))]);
  const canMake = view.can.personal.abilities.length > 0 || view.can.teams.length > 0;
  return (
    <div className="space-y-6">
      <TokensCard tokens={view.tokens} />
      {canMake ? (
        <Card>
          <CardHeader
            title="New token"
            description="For CI jobs and scripts (the bulkhead CLI, the REST API under /api/v1). A token does only what its abilities allow, never more than its owner may, and only for its apps if you name some. It is shown once: Bulkhead keeps only its SHA-256."
          />
          <CardBody>
            <CreateTokenForm can={view.can} apps={apps.map((app) => ({ id: app.id, name: app.name, teamId: app.teamId, team: app.team.name }))} />
          </CardBody>
        </Card>
      ) : null}
    </div>
  );
}
