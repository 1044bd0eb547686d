"use client";

import { lazy, Suspense, useState } from "react";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/app/_lib/api-types";
import { Button } from "@/app/_components/ui/button";
import { Card, CardBody, CardHeader } from "@/app/_components/ui/card";
import { utcSecond } from "@/app/_lib/utc-time";

// Loaded when someone opens a request: the form brings react-hook-form, which the rest of the page never needs.
const OverrideRequestForm = lazy(() => import("./override-request-form").then((module) => ({ default: module.OverrideRequestForm })));

type Refusal = inferRouterOutputs<AppRouter>["overrides"]["forDeployment"]["refusals"][number];

/** Refused deploy attempts (from the audit trail), each with a break-glass request where the viewer may make one. */
export function RefusedAttemptsCard({ refusals }: { refusals: Refusal[] }) {
  const [open, setOpen] = useState<string | null>(null);
  if (!refusals.length) return null;
  return (
    <Card>
      <CardHeader title="Refused attempts" description="Deploys policy or a provider refused, as the audit trail recorded them." />
      <CardBody>
        <ul aria-label="Refused attempts" className="space-y-4 text-sm">
          {refusals.map((refusal) => (
            <li key={refusal.sequence} className="space-y-2">
              <p>
                <span className="font-mono text-xs">#{refusal.sequence}</span> {utcSecond(refusal.occurredAt)} UTC · {refusal.action}
                {refusal.target ? ` to ${refusal.target}` : ""} by {refusal.actorEmail ?? "system"}
              </p>
              <p className="text-slate-700">{refusal.reason}</p>
              {refusal.overrideRequested ? <p className="text-xs text-slate-500">A break-glass override of it is requested or active.</p> : null}
              {refusal.can.requestOverride ? (
                open === refusal.sequence ? (
                  <Suspense fallback={<p className="text-sm text-slate-500">Loading the request form…</p>}>
                    <OverrideRequestForm refusal={refusal.sequence} />
                  </Suspense>
                ) : (
                  <Button size="sm" variant="secondary" onClick={() => setOpen(refusal.sequence)}>
                    Request a break-glass override
                  </Button>
                )
              ) : null}
            </li>
          ))}
        </ul>
      </CardBody>
    </Card>
  );
}
