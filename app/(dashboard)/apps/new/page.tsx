import type { Metadata } from "next";
import { AppForm } from "@/app/_components/apps/app-form";
import { Card, CardBody, CardHeader } from "@/app/_components/ui/card";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { load } from "@/app/_lib/server-caller";
import { endOfLifePassed } from "@/server/catalog/contract";
import { SELECTABLE_STATUSES } from "@/server/catalog/contract-schemas";

export const metadata: Metadata = { title: "New app" };

export default async function NewAppPage() {
  const [me, catalog] = await load((caller) => Promise.all([caller.identity.me(), caller.catalog.list({ status: SELECTABLE_STATUSES })]));
  // An image past its end of life is refused on registration (apps.create), so it is not offered.
  const now = new Date();
  const images = catalog.filter((image) => !endOfLifePassed(image.endOfLife, now));
  return (
    <Card>
      <CardHeader as="h1" title="Register an app" description="An app is what you deploy: a container image with its settings." />
      <CardBody>
        {me.can.createApps ? (
          <AppForm mode="create" teams={me.teams} images={images} />
        ) : (
          <EmptyState title="Only developers of a team register apps">Ask an administrator to add you to a team.</EmptyState>
        )}
      </CardBody>
    </Card>
  );
}
