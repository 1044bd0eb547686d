import type { Metadata } from "next";
import Link from "next/link";
import { ExportPanel } from "@/app/_components/audit/export-panel";
import { FilterChips } from "@/app/_components/audit/filter-chips";
import { AuditFilterForm } from "@/app/_components/audit/filter-form";
import { parseAuditFilters, withFilters, type AuditSearchParams } from "@/app/_components/audit/filters";
import { VerifyPanel } from "@/app/_components/audit/verify-panel";
import { Button } from "@/app/_components/ui/button";
import { Card, CardBody, CardHeader } from "@/app/_components/ui/card";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { OutcomeBadge } from "@/app/_components/ui/outcome-badge";
import { Table, Td, Th } from "@/app/_components/ui/table";
import { load } from "@/app/_lib/server-caller";
import { utcSecond } from "@/app/_lib/utc-time";

export const metadata: Metadata = { title: "Audit trail" };

const filterLink = "text-brand-700 hover:underline";

export default async function AuditPage({ searchParams }: { searchParams: Promise<AuditSearchParams> }) {
  const params = await searchParams;
  const { input, errors } = parseAuditFilters(params);
  const [me, page] = await load((caller) => Promise.all([caller.identity.me(), caller.audit.list(input)]));
  const named = (type: string, id: string | null) => (id ? page.names[`${type}:${id}`] : undefined);
  const timeline = params.resourceType && params.resourceId ? `${params.resourceType} ${named(params.resourceType, params.resourceId) ?? params.resourceId}` : null;
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader as="h1" title="Audit trail" description="Every change and every refused attempt, newest first. Append-only and hash-chained: nothing here can be edited." />
        <CardBody className="space-y-4">
          <AuditFilterForm params={params} />
          <FilterChips chips={page.chips} params={params} />
          <nav aria-label="Shortcuts" className="flex flex-wrap gap-4 text-sm">
            <Link href={withFilters({}, { outcome: "denied" })} className={filterLink}>
              Refused attempts
            </Link>
            <Link href={withFilters({}, { action: "break-glass.*" })} className={filterLink}>
              Break-glass events
            </Link>
            <Link href="/audit/overrides" className={filterLink}>
              Break-glass overrides report
            </Link>
          </nav>
          {errors ? (
            <ul role="alert" className="text-sm text-red-600">
              {errors.map((error) => (
                <li key={error}>{error}</li>
              ))}
            </ul>
          ) : null}
          <VerifyPanel />
          {me.can.exportAudit ? <ExportPanel query={withFilters(params, {}).replace(/^\/audit\??/, "")} /> : null}
        </CardBody>
      </Card>
      <Card>
        <CardHeader title={timeline ? `Timeline of ${timeline}` : "Events"} />
        {page.events.length === 0 ? (
          <div className="p-5">
            <EmptyState title="No events match">Change or clear the filters.</EmptyState>
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
                  <Td className="font-mono text-xs">
                    <Link href={`/audit/${event.sequence}`} className={filterLink} aria-label={`Event ${event.sequence}`}>
                      {event.sequence}
                    </Link>
                  </Td>
                  <Td className="whitespace-nowrap">{utcSecond(event.occurredAt)}</Td>
                  <Td>
                    {event.actorId ? (
                      <Link href={withFilters(params, { actorId: event.actorId, actor: undefined })} className={filterLink}>
                        {named("user", event.actorId) ?? event.actorEmail}
                      </Link>
                    ) : (
                      "system"
                    )}
                    {event.actorRole ? <div className="text-xs text-slate-500">{event.actorRole}</div> : null}
                  </Td>
                  <Td className="font-mono text-xs">
                    <Link href={withFilters(params, { action: event.action })} className={filterLink}>
                      {event.action}
                    </Link>
                  </Td>
                  <Td>
                    <OutcomeBadge outcome={event.outcome} />
                    {event.reason ? <div className="mt-1 text-xs text-slate-500">{event.reason}</div> : null}
                  </Td>
                  <Td className="text-xs">
                    <span className="font-mono">{event.resourceType}</span>
                    {event.resourceId ? (
                      <div>
                        <Link href={withFilters({}, { resourceType: event.resourceType, resourceId: event.resourceId })} className={filterLink} title={`This resource's whole timeline (${event.resourceId})`}>
                          {named(event.resourceType, event.resourceId) ?? event.resourceId}
                        </Link>
                      </div>
                    ) : null}
                    {event.teamId ? (
                      <div>
                        <Link href={withFilters(params, { teamId: event.teamId })} className="text-slate-500 hover:underline" title="Only this team's events">
                          {named("team", event.teamId) ?? "team no longer registered"}
                        </Link>
                      </div>
                    ) : null}
                  </Td>
                  <Td className="text-xs text-slate-500">{event.sourceIp ?? "—"}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        <div className="flex justify-end gap-2 px-5 py-3">
          {params.cursor ? (
            <Button asChild variant="secondary" size="sm">
              <Link href={withFilters(params, {})}>Newest</Link>
            </Button>
          ) : null}
          {page.nextCursor ? (
            <Button asChild variant="secondary" size="sm">
              <Link href={withFilters(params, { cursor: page.nextCursor })}>Older events</Link>
            </Button>
          ) : null}
        </div>
      </Card>
    </div>
  );
}
