import { Download } from "lucide";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/app/_lib/api-types";
import { Card, CardBody, CardHeader } from "@/app/_components/ui/card";
import { Icon } from "@/app/_components/ui/icon";

type Proof = inferRouterOutputs<AppRouter>["audit"]["proof"];

/** The event's inclusion proof against the newest witnessed checkpoint, as a JSON file to hand to an auditor, who
 * checks it offline with `npm run audit:verify-proof`. Served in the page itself: no script needed. */
export function ProofCard({ sequence, proof }: { sequence: string; proof: Proof }) {
  return (
    <Card>
      <CardHeader title="Proof that this event is in the trail" description="An RFC 9162 inclusion proof against a checkpoint signed by Bulkhead and held by witnesses outside its database." />
      <CardBody className="space-y-3 text-sm">
        {proof.status === "ready" ? (
          <>
            <p>
              Entry {proof.bundle.leafIndex} of a tree of {proof.bundle.treeSize} events, {proof.bundle.witnesses.length ? `witnessed by ${proof.bundle.witnesses.join(" and ")}` : "not witnessed outside the database (no witness is configured)"}.
            </p>
            <a
              href={`data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify(proof.bundle, null, 2))}`}
              download={`audit-event-${sequence}.proof.json`}
              className="inline-flex items-center gap-1 font-medium text-brand-700 hover:underline"
            >
              <Icon icon={Download} className="h-4 w-4" aria-hidden /> Download the inclusion proof (JSON)
            </a>
            <p className="text-xs text-slate-500">
              Check it anywhere: <code>npm run audit:verify-proof -- audit-event-{sequence}.proof.json --log-key &lt;key from audit.publicKeys&gt; --witness-key &lt;the witness&apos;s key&gt;</code>
            </p>
          </>
        ) : (
          <p role="status">{proof.reason}</p>
        )}
      </CardBody>
    </Card>
  );
}
