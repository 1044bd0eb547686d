import Link from "next/link";
import { ShieldAlert } from "lucide";
import { Icon } from "@/app/_components/ui/icon";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/app/_lib/api-types";
import { Card, CardBody, CardHeader } from "@/app/_components/ui/card";

/** Live deployments today's catalog and policy would refuse; shown only when there are some. */
export function NonCompliantCard({ deployments }: { deployments: inferRouterOutputs<AppRouter>["deployments"]["nonCompliant"] }) {
  if (!deployments.length) return null;
  return (
    <Card>
      <CardHeader title={`Non-compliant deployments (${deployments.length})`} description="Running under rules that have changed since: redeploy after fixing what each one says." />
      <CardBody>
        <ul aria-label="Non-compliant deployments" className="space-y-3 text-sm">
          {deployments.map((d) => (
            <li key={d.id} className="flex gap-2">
              <Icon icon={ShieldAlert} className="mt-0.5 h-4 w-4 shrink-0 text-red-600" aria-hidden />
              <div>
                <Link href={`/deployments/${d.id}`} className="font-medium hover:underline">
                  {d.app.name} on {d.target}
                </Link>
                <ul className="list-disc pl-5 text-slate-700">
                  {d.reasons.map((reason) => (
                    <li key={reason}>{reason}</li>
                  ))}
                </ul>
              </div>
            </li>
          ))}
        </ul>
      </CardBody>
    </Card>
  );
}
