import { Check, Loader2, X } from "lucide";
import { Icon } from "@/app/_components/ui/icon";
import type { DeploymentStatus } from "@/server/deployments/contract";
import { cn } from "@/app/_components/ui/cn";

const steps = ["queued", "deploying", "running"] as const;

/** Where a rollout is: queued → deploying → running (or failed). */
export function ProgressSteps({ status }: { status: DeploymentStatus }) {
  if (status === "destroying" || status === "destroyed" || status === "missing") return null;
  const reached = status === "failed" ? 1 : steps.indexOf(status as (typeof steps)[number]);
  return (
    <ol aria-label="Progress" className="flex items-center gap-2 text-sm">
      {steps.map((step, index) => {
        const done = index < reached || status === "running";
        const current = index === reached && status !== "running";
        const failed = status === "failed" && index === reached;
        return (
          <li key={step} className="flex items-center gap-2">
            <span
              className={cn(
                "flex h-6 w-6 items-center justify-center rounded-full border",
                done && "border-green-600 bg-green-600 text-white",
                current && !failed && "border-brand-600 text-brand-600",
                failed && "border-red-600 bg-red-600 text-white",
              )}
            >
              {failed ? <Icon icon={X} className="h-3.5 w-3.5" /> : done ? <Icon icon={Check} className="h-3.5 w-3.5" /> : current ? <Icon icon={Loader2} className="h-3.5 w-3.5 animate-spin" /> : index + 1}
            </span>
            <span className={cn("capitalize", current ? "font-semibold" : "text-slate-600")}>{step}</span>
            {index < steps.length - 1 ? <span className="h-px w-8 bg-slate-300" aria-hidden /> : null}
          </li>
        );
      })}
    </ol>
  );
}
