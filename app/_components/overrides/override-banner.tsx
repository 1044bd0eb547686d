import { ShieldAlert, ShieldOff } from "lucide";
import type { OverrideView } from "@/app/_lib/api-types";
import { Icon } from "@/app/_components/ui/icon";
import { utcMinute } from "@/app/_lib/utc-time";

const waived = (override: OverrideView) => override.waives.map((reason) => reason.message).join("; ");

/** What break-glass overrides mean for a deployment or an app now: the active ones, those waiting for a decision,
 * and expired ones whose deployment is still refused. Nothing when there are none. */
export function OverrideBanner({ overrides, where }: { overrides: OverrideView[]; where?: string }) {
  const shown = overrides.filter((o) => o.state === "active" || o.state === "requested" || (o.state === "expired" && o.expiryVerdict?.startsWith("still refused")));
  if (!shown.length) return null;
  return (
    <div className="space-y-2">
      {shown.map((override) => {
        const on = `${override.app.name} on ${override.target.name}`;
        if (override.state === "active") {
          return (
            <div key={override.id} role="status" aria-label="Break-glass override active" className="flex gap-2 rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-900">
              <Icon icon={ShieldOff} className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
              <div>
                <p className="font-semibold">
                  Break-glass override active{where ? ` on ${on}` : ""} until {utcMinute(override.expiresAt!)} UTC
                </p>
                <p>Waived: {waived(override)}</p>
                <p className="text-xs">
                  Requested by {override.requestedByEmail} (“{override.reason}”), approved by {override.decidedByEmail}. Revision {override.usedRevision} runs under it; when it expires the deployment is judged again.
                </p>
              </div>
            </div>
          );
        }
        if (override.state === "requested") {
          return (
            <div key={override.id} role="status" aria-label="Break-glass override requested" className="rounded-md border border-slate-300 bg-slate-50 p-3 text-sm text-slate-700">
              Break-glass override of {on} requested by {override.requestedByEmail} at {utcMinute(override.requestedAt)} UTC, waiting for an operator or an admin.
            </div>
          );
        }
        return (
          <div key={override.id} role="alert" aria-label="Break-glass override expired" className="flex gap-2 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
            <Icon icon={ShieldAlert} className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
            <p>
              Break-glass override of {on} expired at {utcMinute(override.expiresAt!)} UTC and the deployment is flagged: {override.expiryVerdict}
            </p>
          </div>
        );
      })}
    </div>
  );
}
