import Link from "next/link";
import { GitCompareArrows } from "lucide";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/app/_lib/api-types";
import { Icon } from "@/app/_components/ui/icon";
import { Card, CardBody, CardHeader } from "@/app/_components/ui/card";

/** Deployments whose cloud no longer matches their revision, or whose resource vanished; shown only when there are some. */
export function DriftedCard({ deployments }: { deployments: inferRouterOutputs<AppRouter>["deployments"]["drifted"] }) {
  if (!deployments.length) return null;
  return (
    <Card>
      <CardHeader title={`Drifted deployments (${deployments.length})`} description="Changed or deleted outside Bulkhead since they were applied: open one to see what differs, then re-apply." />
      <CardBody>
        <ul aria-label="Drifted deployments" className="space-y-2 text-sm">
          {deployments.map((d) => (
            <li key={d.id} className="flex gap-2">
              <Icon icon={GitCompareArrows} className="mt-0.5 h-4 w-4 shrink-0 text-amber-600" aria-hidden />
              <div>
                <Link href={`/deployments/${d.id}`} className="font-medium hover:underline">
                  {d.app.name} on {d.target}
                </Link>
                <p className="text-slate-700">{d.status === "missing" ? "The cloud resource is gone" : d.drift.map((x) => x.field).join(", ") + " differ"}</p>
              </div>
            </li>
          ))}
        </ul>
      </CardBody>
    </Card>
  );
}
