// The rebase-due list: per team, each app whose live deployments run on an image that is retired (deprecated,
// restricted, revoked) or whose end of life is within 90 days, with what to rebase onto and by when. Derived from
// "what runs on what" (runs-on.ts), so it judges what runs, not what apps declare. PURE and client-safe.
import type { BaseImageStatus } from "@/server/db/generated/enums";
import { daysToEndOfLife } from "./end-of-life";

/** How close an end of life must be to put an app on the list (an app's page warns from the same distance). */
export const REBASE_WARN_DAYS = 90;

interface ImageRunning {
  name: string;
  version: string;
  status: BaseImageStatus;
  endOfLife: Date | null;
  successor: { name: string; version: string } | null;
  deployments: { app: { id: string; name: string }; team: { id: string; name: string }; target: string }[];
}

export interface RebaseDue {
  team: { id: string; name: string };
  apps: { id: string; name: string; targets: string[]; image: string; why: string; endOfLife: Date | null; rebaseOnto: string | null }[];
}

function whyDue(image: ImageRunning, now: Date): string | null {
  const days = image.endOfLife ? daysToEndOfLife(image.endOfLife, now) : null;
  const ending = days === null ? null : days <= 0 ? "its end of life has passed" : days <= REBASE_WARN_DAYS ? `its end of life is in ${days} ${days === 1 ? "day" : "days"}` : null;
  if (image.status !== "approved") return ending ? `${image.status}; ${ending}` : image.status;
  return ending;
}

export function rebaseDue(images: ImageRunning[], now: Date): RebaseDue[] {
  const teams = new Map<string, RebaseDue>();
  for (const image of images) {
    const why = whyDue(image, now);
    if (!why) continue;
    for (const deployment of image.deployments) {
      const team = teams.get(deployment.team.id) ?? { team: deployment.team, apps: [] };
      teams.set(deployment.team.id, team);
      const imageName = `${image.name} ${image.version}`;
      const app = team.apps.find((a) => a.id === deployment.app.id && a.image === imageName);
      if (app) app.targets.push(deployment.target);
      else {
        const rebaseOnto = image.successor ? `${image.successor.name} ${image.successor.version}` : null;
        team.apps.push({ id: deployment.app.id, name: deployment.app.name, targets: [deployment.target], image: imageName, why, endOfLife: image.endOfLife, rebaseOnto });
      }
    }
  }
  return [...teams.values()].sort((a, b) => a.team.name.localeCompare(b.team.name)).map((t) => ({ ...t, apps: t.apps.sort((a, b) => a.name.localeCompare(b.name)) }));
}
