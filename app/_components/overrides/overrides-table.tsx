import Link from "next/link";
import type { OverrideView } from "@/app/_lib/api-types";
import { Badge } from "@/app/_components/ui/badge";
import { Table, Td, Th } from "@/app/_components/ui/table";
import { utcMinute } from "@/app/_lib/utc-time";
import { OverrideDecision } from "./override-decision";

const tones = { requested: "info", active: "warn", expired: "neutral", rejected: "neutral" } as const;
const link = "text-brand-700 hover:underline";

/** Break-glass overrides with every step: the refusal, the request, the decision, the use and the expiry. */
export function OverridesTable({ overrides, label, decide = false }: { overrides: OverrideView[]; label: string; decide?: boolean }) {
  return (
    <Table aria-label={label}>
      <thead>
        <tr>
          <Th>State</Th>
          <Th>Deployment</Th>
          <Th>Refusal waived</Th>
          <Th>Requested</Th>
          <Th>Decided</Th>
          <Th>Used and expiry</Th>
          {decide ? (
            <Th>
              <span className="sr-only">Decision</span>
            </Th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {overrides.map((o) => (
          <tr key={o.id}>
            <Td>
              <Badge tone={tones[o.state]}>{o.state}</Badge>
            </Td>
            <Td>
              {o.deploymentId ? (
                <Link href={`/deployments/${o.deploymentId}`} className={link}>
                  {o.app.name} on {o.target.name}
                </Link>
              ) : (
                `${o.app.name} on ${o.target.name}`
              )}
              <div className="text-xs text-slate-500">{o.team.name}</div>
            </Td>
            <Td className="text-xs">
              <div>{o.waives.map((reason) => reason.message).join("; ")}</div>
              <Link href={`/audit/${o.refusalSequence}`} className={link}>
                refusal #{o.refusalSequence}
              </Link>
            </Td>
            <Td className="text-xs">
              <div>
                {o.requestedByEmail}, {utcMinute(o.requestedAt)} UTC
              </div>
              <div>“{o.reason}”</div>
              <div>for {o.durationMinutes} min</div>
            </Td>
            <Td className="text-xs">
              {o.decidedByEmail ? (
                <>
                  <div>
                    {o.state === "rejected" ? "rejected" : "approved"} by {o.decidedByEmail}, {utcMinute(o.decidedAt!)} UTC
                  </div>
                  {o.decisionNote ? <div>“{o.decisionNote}”</div> : null}
                </>
              ) : (
                "—"
              )}
            </Td>
            <Td className="text-xs">
              {o.usedRevision ? <div>revision {o.usedRevision}</div> : null}
              {o.expiresAt ? <div>expires {utcMinute(o.expiresAt)} UTC</div> : null}
              {o.expiryVerdict ? <div>judged again: {o.expiryVerdict}</div> : null}
              <Link href={`/audit?resourceType=break-glass-override&resourceId=${o.id}`} className={link}>
                every step in the trail
              </Link>
            </Td>
            {decide ? (
              <Td>
                <OverrideDecision override={o} />
              </Td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
