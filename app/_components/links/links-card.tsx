import type { LinkView } from "@/app/_lib/api-types";
import { Card, CardBody, CardHeader } from "@/app/_components/ui/card";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { LinksTable } from "./links-table";
import { RequestLinkForm } from "./request-link-form";

/** The app's zero-trust links, both ways; developers of its team request new ones here. */
export function LinksCard({
  appId,
  links,
  callees,
}: {
  appId: string;
  links: { inbound: LinkView[]; outbound: LinkView[] };
  /** Set when the viewer may request links for this app. */
  callees: { id: string; name: string; team: string; port: number | null }[] | null;
}) {
  return (
    <Card>
      <CardHeader
        title="Network links"
        description="Apps cannot reach each other unless an approved link allows it. Approved links are rendered into both apps' plans; approving or revoking one re-applies their live deployments."
      />
      <CardBody className="space-y-5">
        <p className="text-xs text-slate-500">
          Another team asks to call this app by its id: <code className="font-mono text-slate-700">{appId}</code>
        </p>
        <section className="space-y-2">
          <h3 className="text-sm font-semibold">Outbound: apps this app may call</h3>
          {links.outbound.length ? <LinksTable direction="outbound" links={links.outbound} /> : <EmptyState title="No outbound links">This app can call no other app.</EmptyState>}
        </section>
        <section className="space-y-2">
          <h3 className="text-sm font-semibold">Inbound: apps that may call this app</h3>
          {links.inbound.length ? <LinksTable direction="inbound" links={links.inbound} /> : <EmptyState title="No inbound links">No other app can call this one.</EmptyState>}
        </section>
        {callees ? (
          <section className="space-y-2">
            <h3 className="text-sm font-semibold">Request a link</h3>
            <p className="text-xs text-slate-500">
              Another developer of the team, an operator or an admin approves a link within the team; a link to another team&apos;s app needs an operator or an admin.
            </p>
            <RequestLinkForm fromAppId={appId} callees={callees} />
          </section>
        ) : null}
      </CardBody>
    </Card>
  );
}
