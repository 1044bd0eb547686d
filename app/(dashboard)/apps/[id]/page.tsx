import type { Metadata } from "next";
import { AppForm } from "@/app/_components/apps/app-form";
import { ClassificationForm } from "@/app/_components/apps/classification-form";
import { BaseImageNotice } from "@/app/_components/apps/base-image-notice";
import { ClassificationBadge } from "@/app/_components/apps/classification-badge";
import { DeleteAppButton } from "@/app/_components/apps/delete-app-button";
import { DeploymentsTable } from "@/app/_components/deployments/deployments-table";
import { LinksCard } from "@/app/_components/links/links-card";
import { SecretsCard } from "@/app/_components/secrets/secrets-card";
import { OverrideBanner } from "@/app/_components/overrides/override-banner";
import { RefusedAttemptsCard } from "@/app/_components/overrides/refused-attempts-card";
import { Button } from "@/app/_components/ui/button";
import { EmptyState } from "@/app/_components/ui/empty-state";
import Link from "next/link";
import { Trash2 } from "lucide";
import { Icon } from "@/app/_components/ui/icon";
import { Card, CardBody, CardHeader } from "@/app/_components/ui/card";
import { load } from "@/app/_lib/server-caller";
import { endOfLifePassed } from "@/server/catalog/contract";
import { SELECTABLE_STATUSES } from "@/server/catalog/contract-schemas";
import { utcDay } from "@/app/_lib/utc-time";

export const metadata: Metadata = { title: "App" };

export default async function AppPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [app, deployments, catalog, links, secrets, targets, breakGlass] = await load((caller) =>
    Promise.all([
      caller.apps.get({ id }),
      caller.deployments.list({ appId: id }),
      caller.catalog.list({ status: SELECTABLE_STATUSES }),
      caller.links.forApp({ appId: id }),
      caller.secrets.list({ appId: id }),
      caller.targets.list(),
      caller.overrides.forApp({ appId: id }),
    ]),
  );
  // An image past its end of life is refused when an app switches to it (apps.update), so it is not offered.
  const now = new Date();
  const images = catalog.filter((image) => !endOfLifePassed(image.endOfLife, now));
  const canEdit = app.can.edit;
  const callees = canEdit ? await load((caller) => caller.links.callees({ appId: id })) : null;
  return (
    <div className="space-y-6">
      <OverrideBanner overrides={breakGlass.overrides} where="app" />
      <Card>
        <CardHeader as="h1" title={app.name} description={`${app.team.name} · created ${utcDay(app.createdAt)}`} actions={
            canEdit ? (
              <DeleteAppButton app={app}>
                <Icon icon={Trash2} className="h-4 w-4" aria-hidden /> Delete app
              </DeleteAppButton>
            ) : null
          } />
        <CardBody className="flex flex-wrap items-center gap-3 text-sm">
          <ClassificationBadge value={app.classification} />
          <BaseImageNotice image={app.baseImage} />
          <span className="text-slate-600">{app.description || "No description"}</span>
        </CardBody>
      </Card>
      <Card>
        <CardHeader
          title="Deployments"
          description="Where this app runs. Open one to watch progress, scale, roll back or destroy it."
          actions={
            canEdit ? (
              <Button asChild>
                <Link href={`/apps/${app.id}/deploy`}>Deploy</Link>
              </Button>
            ) : null
          }
        />
        {deployments.length ? (
          <DeploymentsTable deployments={deployments} providerNames={Object.fromEntries(targets.map((target) => [target.kind, target.providerName]))} />
        ) : (
          <div className="p-5">
            <EmptyState title="Not deployed yet">{canEdit ? "Deploy it to one of the targets with “Deploy”." : "A developer of the team deploys it."}</EmptyState>
          </div>
        )}
      </Card>
      <SecretsCard appId={app.id} view={secrets} targets={targets} />
      <RefusedAttemptsCard refusals={breakGlass.refusals} />
      <LinksCard appId={app.id} links={links} callees={callees} />
      {canEdit ? (
        <Card>
          <CardHeader title="Edit app" />
          <CardBody>
            <AppForm mode="edit" app={app} images={images} />
          </CardBody>
        </Card>
      ) : null}
      {app.can.classify && !canEdit ? (
        <Card>
          <CardHeader title="Change data classification" description="What the app's data needs (placement, signed images) follows its classification from its next deploy." />
          <CardBody>
            <ClassificationForm app={app} />
          </CardBody>
        </Card>
      ) : null}
    </div>
  );
}
