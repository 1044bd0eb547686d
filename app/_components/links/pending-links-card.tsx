import type { LinkView } from "@/app/_lib/api-types";
import { Card, CardHeader } from "@/app/_components/ui/card";
import { Table, Td, Th } from "@/app/_components/ui/table";
import { LinkActions } from "./link-actions";
import { LinkEnd } from "./link-end";

/** Link requests waiting for this viewer's decision; nothing at all when there are none. */
export function PendingLinksCard({ links }: { links: LinkView[] }) {
  if (!links.length) return null;
  return (
    <Card>
      <CardHeader title="Link requests awaiting your decision" description="Approving opens the route in both apps' plans and re-applies their live deployments." />
      <Table aria-label="Link requests awaiting your decision">
        <thead>
          <tr>
            <Th>Caller</Th>
            <Th>Callee</Th>
            <Th>Port</Th>
            <Th>Requested by</Th>
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          </tr>
        </thead>
        <tbody>
          {links.map((link) => (
            <tr key={link.id}>
              {[link.from, link.to].map((end) => (
                <Td key={end.id}>
                  <LinkEnd end={end} showTeam />
                </Td>
              ))}
              <Td className="font-mono text-xs">{link.port}</Td>
              <Td className="text-xs text-slate-600">
                {link.requestedBy}
                {link.reason ? <p>{link.reason}</p> : null}
              </Td>
              <Td>
                <LinkActions link={link} />
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
