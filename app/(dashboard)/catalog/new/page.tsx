import type { Metadata } from "next";
import { BaseImageForm } from "@/app/_components/catalog/base-image-form";
import { Card, CardBody, CardHeader } from "@/app/_components/ui/card";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { load } from "@/app/_lib/server-caller";

export const metadata: Metadata = { title: "Add base image" };

export default async function NewBaseImagePage() {
  const me = await load((caller) => caller.identity.me());
  return (
    <Card>
      <CardHeader as="h1" title="Add a base image" description="Approved as you add it, in your name; apps may then be built on it." />
      <CardBody>
        {me.can.curateCatalog ? <BaseImageForm mode="create" /> : <EmptyState title="Only IT operations curate the catalog">Ask an operator to add the image.</EmptyState>}
      </CardBody>
    </Card>
  );
}
