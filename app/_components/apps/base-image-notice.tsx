import type { AppView } from "@/app/_lib/api-types";
import { Badge } from "@/app/_components/ui/badge";
import { daysToEndOfLife, endOfLifeDistance, REBASE_WARN_DAYS, statusEffects, statusTones } from "@/server/catalog/contract";

/** The app's base image, and what to rebase onto when IT operations retired it or its end of life is near. */
export function BaseImageNotice({ image }: { image: AppView["baseImage"] }) {
  if (!image) return <Badge tone="warn">No base image declared: choose one before deploying</Badge>;
  const successor = image.successor ? `${image.successor.name} ${image.successor.version}` : null;
  // Rendered on the server for each request, so "now" is the request's.
  const now = new Date();
  const endingSoon = image.endOfLife !== null && daysToEndOfLife(image.endOfLife, now) <= REBASE_WARN_DAYS;
  return (
    <>
      <Badge tone={statusTones[image.status]}>
        {image.name} {image.version} · {image.status}
      </Badge>
      {image.status !== "approved" ? (
        <p role="note" className="w-full text-sm text-amber-800">
          {image.name} {image.version} is {image.status}: {statusEffects[image.status]}.{" "}
          {successor ? `Rebase to ${successor}.` : "Ask IT operations which image to rebase to."}
        </p>
      ) : null}
      {endingSoon ? (
        <p role="note" className="w-full text-sm text-amber-800">
          {image.name} {image.version}: end of life {endOfLifeDistance(image.endOfLife!, now)}
          {daysToEndOfLife(image.endOfLife!, now) <= 0 ? ", so deploys are refused" : ""}. {successor ? `Rebase to ${successor}.` : "Ask IT operations which image to rebase to."}
        </p>
      ) : null}
    </>
  );
}
