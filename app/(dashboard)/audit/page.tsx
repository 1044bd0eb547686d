import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/app/_components/ui/button";
import { Card, CardHeader } from "@/app/_components/ui/card";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { OutcomeBadge } from "@/app/_components/ui/outcome-badge";
import { Table, Td, Th } from "@/app/_components/ui/table";
import { load } from "@/app/_lib/server-caller";

export const metadata: Metadata = { title: "Audit trail" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  const { before } = await searchParams;
  const page = await load((caller) => caller.audit.list({ cursor: before, limit: 50 }));
  return (
    <Card>
      <CardHeader title="Audit trail" description="Every change and every refused attempt, newest first. Read-only." />
      {page.events.length === 0 ? (
        <div className="p-5">
          <EmptyState title="No events">Events appear as people sign in and change things.</EmptyState>
        </div>
      ) : (
        <Table aria-label="Audit events">
          <thead>
            <tr>
              <Th>#</Th>
              <Th>Time (UTC)</Th>
              <Th>Actor</Th>
              <Th>Action</Th>
              <Th>Outcome</Th>
              <Th>Resource</Th>
              <Th>Source</Th>
            </tr>
          </thead>
          <tbody>
            {page.events.map((event) => (
              <tr key={event.sequence}>
                <Td className="font-mono text-xs text-slate-500">{event.sequence}</Td>
                <Td className="whitespace-nowrap">{event.occurredAt.toISOString().replace("T", " ").slice(0, 19)}</Td>
                <Td>
                  <div>{event.actorEmail ?? "system"}</div>
                  {event.actorRole ? <div className="text-xs text-slate-500">{event.actorRole}</div> : null}
                </Td>
                <Td className="font-mono text-xs">{event.action}</Td>
                <Td>
                  <OutcomeBadge outcome={event.outcome} />
                  {event.reason ? <div className="mt-1 text-xs text-slate-500">{event.reason}</div> : null}
                </Td>
                <Td className="font-mono text-xs">
                  {event.resourceType}
                  {event.resourceId ? <div className="text-slate-500">{event.resourceId}</div> : null}
                </Td>
                <Td className="text-xs text-slate-500">{event.sourceIp ?? "—"}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <div className="flex justify-end gap-2 px-5 py-3">
        {before ? (
          <Button asChild variant="secondary" size="sm">
            <Link href="/audit">Newest</Link>
          </Button>
        ) : null}
        {page.nextCursor ? (
          <Button asChild variant="secondary" size="sm">
            <Link href={`/audit?before=${page.nextCursor}`}>Older events</Link>
          </Button>
        ) : null}
      </div>
    </Card>
  );
}
