import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/app/_components/ui/button";
import { ImpactTable } from "@/app/_components/catalog/impact-table";
import { Card, CardHeader } from "@/app/_components/ui/card";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { load } from "@/app/_lib/server-caller";

export const metadata: Metadata = { title: "Base images" };

export default async function CatalogPage() {
  const [me, images] = await load((caller) => Promise.all([caller.identity.me(), caller.catalog.impact()]));
  return (
    <Card>
      <CardHeader
        as="h1"
        title="Base images"
        description="The images apps may be built on, pinned by digest, and what each one would affect: the apps on it and where they run."
        actions={
          me.can.curateCatalog ? (
            <Button asChild>
              <Link href="/catalog/new">Add base image</Link>
            </Button>
          ) : null
        }
      />
      {images.length === 0 ? (
        <div className="p-5">
          <EmptyState title="The catalog is empty">IT operations add approved images with “Add base image”; apps then choose one.</EmptyState>
        </div>
      ) : (
        <ImpactTable images={images} canCurate={me.can.curateCatalog} />
      )}
    </Card>
  );
}
