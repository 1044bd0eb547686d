import type { LinkView } from "@/app/_lib/api-types";
import { Table, Td, Th } from "@/app/_components/ui/table";
import { LinkActions } from "./link-actions";
import { LinkEnd } from "./link-end";
import { LinkStatusBadge } from "./link-status-badge";
import { utcMinute } from "@/app/_lib/utc-time";

const day = (date: Date | null) => (date ? utcMinute(date) : "");

/** One direction of an app's links: the other app, the port, who asked and who decided. */
export function LinksTable({ direction, links }: { direction: "inbound" | "outbound"; links: LinkView[] }) {
  return (
    <Table aria-label={direction === "inbound" ? "Inbound links" : "Outbound links"}>
      <thead>
        <tr>
          <Th>{direction === "inbound" ? "Caller" : "Callee"}</Th>
          <Th>Port</Th>
          <Th>Status</Th>
          <Th>Requested</Th>
          <Th>Decided</Th>
          <Th>
            <span className="sr-only">Actions</span>
          </Th>
        </tr>
      </thead>
      <tbody>
        {links.map((link) => {
          const peer = direction === "inbound" ? link.from : link.to;
          const decided = link.revokedBy ? `revoked by ${link.revokedBy} ${day(link.revokedAt)}` : link.decidedBy ? `${link.decidedBy} ${day(link.decidedAt)}` : "";
          return (
            <tr key={link.id}>
              <Td>
                <LinkEnd end={peer} showTeam={link.crossTeam} />
                {link.reason ? <p className="text-xs text-slate-500">{link.reason}</p> : null}
              </Td>
              <Td className="font-mono text-xs">{link.port}</Td>
              <Td>
                <LinkStatusBadge status={link.status} />
              </Td>
              <Td className="text-xs text-slate-600">
                {link.requestedBy} {day(link.requestedAt)}
              </Td>
              <Td className="text-xs text-slate-600">
                {decided}
                {link.decisionNote ? <p>{link.decisionNote}</p> : null}
              </Td>
              <Td>
                <LinkActions link={link} />
              </Td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
