import { ShieldAlert } from "lucide";
import { Icon } from "@/app/_components/ui/icon";

/** On a deployment's page: why today's catalog and policy would refuse what it runs (deployments.compliance), so a
 * running deployment never looks fine when it is not. Nothing when it complies. */
export function ComplianceBanner({ reasons }: { reasons: string[] }) {
  if (!reasons.length) return null;
  return (
    <section aria-label="Compliance" className="flex gap-2 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
      <Icon icon={ShieldAlert} className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
      <div>
        <p className="font-semibold">Not compliant: today&apos;s catalog and policy would refuse what this deployment runs</p>
        <ul className="list-disc pl-5">
          {reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
        <p className="text-xs">It keeps running; its next deploy, scale or rollback is refused until what is listed is fixed.</p>
      </div>
    </section>
  );
}
