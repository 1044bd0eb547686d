import type { Metadata } from "next";
import { AppForm } from "@/app/_components/apps/app-form";
import { ClassificationBadge } from "@/app/_components/apps/classification-badge";
import { DeleteAppButton } from "@/app/_components/apps/delete-app-button";
import { Card, CardBody, CardHeader } from "@/app/_components/ui/card";
import { load } from "@/app/_lib/server-caller";

export const metadata: Metadata = { title: "App" };

export default async function AppPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [me, app] = await load((caller) => Promise.all([caller.identity.me(), caller.apps.get({ id })]));
  const canEdit = me.role === "developer" && me.teams.some((team) => team.id === app.teamId);
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title={app.name} description={`${app.team.name} · created ${app.createdAt.toISOString().slice(0, 10)}`} actions={canEdit ? <DeleteAppButton app={app} /> : null} />
        <CardBody className="flex flex-wrap items-center gap-3 text-sm">
          <ClassificationBadge value={app.classification} />
          <span className="text-slate-600">{app.description || "No description"}</span>
        </CardBody>
      </Card>
      {canEdit ? (
        <Card>
          <CardHeader title="Edit app" />
          <CardBody>
            <AppForm mode="edit" app={app} />
          </CardBody>
        </Card>
      ) : null}
    </div>
  );
}
