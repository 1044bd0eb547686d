import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DiffTable } from "@/app/_components/audit/diff-table";
import { withFilters } from "@/app/_components/audit/filters";
import { ProofCard } from "@/app/_components/audit/proof-card";
import { Card, CardBody, CardHeader } from "@/app/_components/ui/card";
import { OutcomeBadge } from "@/app/_components/ui/outcome-badge";
import { load } from "@/app/_lib/server-caller";

export const metadata: Metadata = { title: "Audit event" };

export default async function AuditEventPage({ params }: { params: Promise<{ sequence: string }> }) {
  const { sequence } = await params;
  if (!/^[1-9]\d*$/.test(sequence)) notFound();
  const [event, proof] = await load((caller) => Promise.all([caller.audit.get({ sequence }), caller.audit.proof({ sequence })]));
  const named = (type: string, id: string | null) => (id ? event.names[`${type}:${id}`] : undefined);
  const facts: [string, React.ReactNode][] = [
    ["Time (UTC)", event.occurredAt.toISOString().replace("T", " ")],
    ["Actor", event.actorEmail ? `${named("user", event.actorId) ?? event.actorEmail} (${event.actorRole})` : "system"],
    ["Outcome", <OutcomeBadge key="o" outcome={event.outcome} />],
    ["Reason", event.reason ?? "—"],
    ["Resource", event.resourceId ? `${event.resourceType} ${named(event.resourceType, event.resourceId) ?? ""} (${event.resourceId})` : event.resourceType],
    ["Team", event.teamId ? `${named("team", event.teamId) ?? "no longer registered"} (${event.teamId})` : "—"],
    ["Request", event.requestId],
    ["Source", `${event.sourceIp ?? "—"} · ${event.userAgent ?? "—"}`],
    ["Hash", <code key="h" className="break-all text-xs">{event.hash ?? "— (before the chain began)"}</code>],
    ["Previous hash", <code key="p" className="break-all text-xs">{event.prevHash ?? "—"}</code>],
  ];
  return (
    <div className="space-y-6">
      <Link href="/audit" className="text-sm text-brand-700 hover:underline">
        ← Audit trail
      </Link>
      <Card>
        <CardHeader
          as="h1"
          title={`Event #${event.sequence}: ${event.action}`}
          actions={
            event.resourceId ? (
              <Link href={withFilters({}, { resourceType: event.resourceType, resourceId: event.resourceId })} className="text-sm text-brand-700 hover:underline">
                Timeline of this {event.resourceType}
              </Link>
            ) : null
          }
        />
        <CardBody>
          <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-2 text-sm">
            {facts.map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="text-slate-500">{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </CardBody>
      </Card>
      <ProofCard sequence={event.sequence} proof={proof} />
      <Card>
        <CardHeader title="Before and after" description="Only the fields this event changed." />
        <DiffTable before={event.before} after={event.after} />
      </Card>
    </div>
  );
}
