"use client";

import * as AlertDialog from "@radix-ui/react-alert-dialog";
import Link from "next/link";
import type { PolicyImpact } from "@/app/_lib/api-types";
import { Button } from "@/app/_components/ui/button";

/** The live deployments a new platform policy or team override would flag, before the operator saves it; open while
 * mounted. Loaded when first opened (encryption-form.tsx, team-override-form.tsx), like the other confirmations. */
export default function PolicyImpactDialog({
  impact,
  onConfirm,
  onClose,
  pending,
  title = "Save the encryption policy?",
}: {
  impact: PolicyImpact;
  onConfirm: () => void;
  onClose: () => void;
  pending: boolean;
  title?: string;
}) {
  const { affected, alreadyNonCompliant } = impact;
  const already = alreadyNonCompliant ? ` ${alreadyNonCompliant} ${alreadyNonCompliant === 1 ? "deployment is" : "deployments are"} flagged already.` : "";
  return (
    <AlertDialog.Root open onOpenChange={(open) => !open && onClose()}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 bg-slate-900/40" />
        <AlertDialog.Content className="fixed left-1/2 top-1/4 max-h-[70vh] w-full max-w-lg -translate-x-1/2 overflow-y-auto rounded-lg bg-white p-6 shadow-xl">
          <AlertDialog.Title className="text-lg font-semibold">{title}</AlertDialog.Title>
          <AlertDialog.Description className="mt-2 text-sm text-slate-600">
            {affected.length
              ? `${affected.length} live ${affected.length === 1 ? "deployment" : "deployments"} that ${affected.length === 1 ? "runs" : "run"} today would be flagged non-compliant, and ${affected.length === 1 ? "its" : "their"} next deploy refused until fixed.${already}`
              : `No live deployment would be flagged.${already}`}
          </AlertDialog.Description>
          {affected.length ? (
            <ul aria-label="Deployments this policy flags" className="mt-4 space-y-3 text-sm">
              {affected.map((d) => (
                <li key={d.id}>
                  <Link href={`/deployments/${d.id}`} className="font-medium hover:underline">
                    {d.app.name} on {d.target}
                  </Link>{" "}
                  <span className="text-xs text-slate-500">({d.status})</span>
                  <ul className="list-disc pl-5 text-slate-700">
                    {d.reasons.map((reason) => (
                      <li key={reason}>{reason}</li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          ) : null}
          <div className="mt-6 flex justify-end gap-2">
            <AlertDialog.Cancel asChild>
              <Button variant="secondary">Cancel</Button>
            </AlertDialog.Cancel>
            <Button variant={affected.length ? "danger" : "primary"} disabled={pending} onClick={onConfirm}>
              {pending ? "Saving…" : "Confirm and save"}
            </Button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
