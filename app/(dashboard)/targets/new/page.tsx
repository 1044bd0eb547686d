import type { Metadata } from "next";
import { TargetForm } from "@/app/_components/targets/target-form";
import { Card, CardBody, CardHeader } from "@/app/_components/ui/card";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { load } from "@/app/_lib/server-caller";

export const metadata: Metadata = { title: "Register target" };

export default async function NewTargetPage() {
  const [me, providers] = await load((caller) => Promise.all([caller.identity.me(), caller.targets.providers()]));
  return (
    <Card>
      <CardHeader as="h1" title="Register a target" description="A cloud account, subscription or project in one region that apps can be deployed to." />
      <CardBody>{me.can.manageTargets ? <TargetForm providers={providers} /> : <EmptyState title="Only IT operations register targets" />}</CardBody>
    </Card>
  );
}
