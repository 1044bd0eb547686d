import Link from "next/link";
import type { RebaseDue } from "@/server/catalog/contract";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { utcDay } from "@/app/_lib/utc-time";

/** Per team, the apps to rebase: what they run on, why it is due, onto what and by when. */
export function RebaseDueList({ teams }: { teams: RebaseDue[] }) {
  if (!teams.length) return <EmptyState title="Nothing to rebase">No live deployment runs on a retired image or one whose end of life is within 90 days.</EmptyState>;
  return (
    <div className="space-y-4">
      {teams.map(({ team, apps }) => (
        <section key={team.id} aria-labelledby={`rebase-${team.id}`}>
          <h3 id={`rebase-${team.id}`} className="text-sm font-semibold text-slate-800">
            {team.name}
          </h3>
          <ul aria-label={`Rebase due for ${team.name}`} className="mt-1 list-disc space-y-1 pl-5 text-sm text-slate-700">
            {apps.map((app) => (
              <li key={`${app.id} ${app.image}`}>
                <Link className="font-medium underline-offset-2 hover:underline" href={`/apps/${app.id}`}>
                  {app.name}
                </Link>{" "}
                on {app.targets.join(", ")}: {app.image} is {app.why}. {app.rebaseOnto ? `Rebase onto ${app.rebaseOnto}` : "Ask IT operations what to rebase onto"}
                {app.endOfLife ? ` by ${utcDay(app.endOfLife)}` : ""}.
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
