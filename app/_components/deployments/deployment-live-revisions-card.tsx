"use client";

import { useMutation } from "@tanstack/react-query";
import { toast } from "@/app/_components/ui/toast";
import { useTRPC } from "@/app/_lib/trpc";
import { Button } from "@/app/_components/ui/button";
import { Card, CardHeader } from "@/app/_components/ui/card";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { Table, Td, Th } from "@/app/_components/ui/table";
import { utcSecond } from "@/app/_lib/utc-time";
import { SecretRefs } from "@/app/_components/secrets/secret-refs";
import { revisionSummary } from "./revision-summary";
import type { LiveDeployment } from "@/app/_lib/api-types";

type Revision = LiveDeployment["revisions"][number];

/** Under the image: the platform it was resolved for, the base it was judged on and how that base was known, and the
 * trusted key that signed it. */
function provenanceLine({ resolvedImage, decision }: Revision): string {
  const judged = decision?.judgedOn ? `; judged on ${decision.judgedOn.name} ${decision.judgedOn.version} (${decision.judgedOn.by === "layers" ? "by its layers" : "as declared"})` : "";
  const signed = decision?.signedBy ? `; signed by ${decision.signedBy.name}` : "";
  return `${resolvedImage ? `resolved for ${resolvedImage.platform}` : "not resolved"}${judged}${signed}`;
}

/** Every revision, newest first, each rolled back to in one confirmed step while the deployment is live. */
export function DeploymentRevisionsCard({ deployment: data, canChange, live, onChange }: { deployment: LiveDeployment; canChange: boolean; live: boolean; onChange: () => void }) {
  const trpc = useTRPC();
  const rollback = useMutation(trpc.deployments.rollback.mutationOptions({ onSuccess: onChange, onError: (error) => toast.error(error.message) }));
  return (
    <Card>
      <CardHeader title="Revisions" description="Each deploy, rollback or scale is an immutable revision." />
      <Table aria-label="Revisions">
        <thead>
          <tr>
            <Th>#</Th>
            <Th>Reason</Th>
            <Th>Image</Th>
            <Th>Secrets</Th>
            <Th>Created</Th>
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          </tr>
        </thead>
        <tbody>
          {data.revisions.map((revision) => (
            <tr key={revision.number}>
              <Td>{revision.number}</Td>
              <Td>{revision.reason}</Td>
              <Td className="max-w-xs">
                <span className="block truncate font-mono text-xs">{revision.spec.image}</span>
                <span className="block text-xs text-slate-500">{provenanceLine(revision)}</span>
              </Td>
              <Td>
                <SecretRefs secrets={revision.spec.secrets} />
              </Td>
              <Td className="whitespace-nowrap text-slate-500">{utcSecond(revision.createdAt)}</Td>
              <Td>
                {canChange && live && revision.number < data.desiredRevision ? (
                  <ConfirmDialog
                    trigger={
                      <Button size="sm" variant="secondary" disabled={rollback.isPending}>
                        Roll back to {revision.number}
                      </Button>
                    }
                    title={`Roll back to revision ${revision.number}?`}
                    description={revisionSummary(revision.number, revision.spec)}
                    confirmLabel="Roll back"
                    pending={rollback.isPending}
                    onConfirm={() => rollback.mutate({ id: data.id, toRevision: revision.number })}
                  />
                ) : null}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
