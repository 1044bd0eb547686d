import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BaseImageForm } from "@/app/_components/catalog/base-image-form";
import { Card, CardBody, CardHeader } from "@/app/_components/ui/card";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { load } from "@/app/_lib/server-caller";

export const metadata: Metadata = { title: "Edit base image" };

export default async function EditBaseImagePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [me, images] = await load((caller) => Promise.all([caller.identity.me(), caller.catalog.list({})]));
  const image = images.find((candidate) => candidate.id === id);
  if (!image) notFound();
  const successors = images.filter((candidate) => candidate.id !== id && candidate.status === "approved");
  return (
    <Card>
      <CardHeader as="h1" title={`${image.name} ${image.version}`} description="Its digest never changes; its end of life, notes and successor may." />
      <CardBody>
        {me.can.curateCatalog ? (
          <BaseImageForm mode="edit" image={{ ...image, successorId: image.successor?.id ?? null }} successors={successors} />
        ) : (
          <EmptyState title="Only IT operations curate the catalog">Ask an operator to change the image.</EmptyState>
        )}
      </CardBody>
    </Card>
  );
}
