import type { Metadata } from "next";
import { TargetForm } from "@/app/_components/targets/target-form";
import { Card, CardBody, CardHeader } from "@/app/_components/ui/card";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { load } from "@/app/_lib/server-caller";

export const metadata: Metadata = { title: "Edit target" };

export default async function EditTargetPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [target, providers] = await load((caller) => Promise.all([caller.targets.get({ id }), caller.targets.providers()]));
  return (
    <Card>
      <CardHeader as="h1" title={`Edit ${target.name}`} description="Everything but its credentials (rotate them instead) and where its deployments live (register a new target for that)." />
      <CardBody>{target.can.edit ? <TargetForm target={target} providers={providers} /> : <EmptyState title="Only IT operations edit targets" />}</CardBody>
    </Card>
  );
}
