import Link from "next/link";
import type { CatalogImpact } from "@/app/_lib/api-types";
import { endOfLifeDistance, familyLabels, nextLifecycleMove, statusTones, type BaseImageFamily } from "@/server/catalog/contract";
import { Badge } from "@/app/_components/ui/badge";
import { Table, Td, Th } from "@/app/_components/ui/table";
import { RetireImageButton } from "./retire-image-button";
import { utcDay } from "@/app/_lib/utc-time";

/** What the daily lifecycle job will do to the image next, by its end of life. */
function NextMove({ image, now }: { image: CatalogImpact[number]; now: Date }) {
  const next = nextLifecycleMove(image, now);
  return next ? <div className="text-xs text-slate-600">{`${next.status} from ${utcDay(next.on)}`}</div> : null;
}

/** The catalog with, per image, the apps built on it and their live deployments; operators retire images here. */
export function ImpactTable({ images, canCurate }: { images: CatalogImpact; canCurate: boolean }) {
  const approved = images.filter((i) => i.status === "approved");
  // Rendered on the server for each request, so "now" is the request's.
  const now = new Date();
  return (
    <Table aria-label="Base images">
      <thead>
        <tr>
          <Th>Image</Th>
          <Th>Status</Th>
          <Th>End of life</Th>
          <Th>Apps and live deployments</Th>
          {canCurate ? <Th>Actions</Th> : null}
        </tr>
      </thead>
      <tbody>
        {images.map((image) => (
          <tr key={image.id}>
            <Td>
              <div className="font-medium">
                {image.name} {image.version}
              </div>
              <div className="text-xs text-slate-500">{familyLabels[image.family as BaseImageFamily]}</div>
              <div className="max-w-xs truncate font-mono text-xs text-slate-500" title={image.reference}>
                {image.reference}
              </div>
            </Td>
            <Td>
              <Badge tone={statusTones[image.status]}>{image.status}</Badge>
              {image.successor ? (
                <div className="mt-1 text-xs text-slate-600">
                  rebase to {image.successor.name} {image.successor.version}
                </div>
              ) : null}
            </Td>
            <Td>
              {image.endOfLife ? (
                <>
                  {utcDay(image.endOfLife)}
                  <div className="text-xs text-slate-600">{endOfLifeDistance(image.endOfLife, now)}</div>
                  <NextMove image={image} now={now} />
                </>
              ) : (
                "—"
              )}
            </Td>
            <Td>
              {image.apps.length === 0 ? (
                <span className="text-slate-600">No apps</span>
              ) : (
                <ul className="space-y-1">
                  {image.apps.map((app) => (
                    <li key={app.id}>
                      <Link className="font-medium underline-offset-2 hover:underline" href={`/apps/${app.id}`}>
                        {app.name}
                      </Link>{" "}
                      <span className="text-xs text-slate-500">({app.team.name})</span>
                      {app.deployments.map((d) => (
                        <Link key={d.id} href={`/deployments/${d.id}`} className="ml-2 text-xs text-blue-700 hover:underline">
                          {d.target.name}: {d.status}
                        </Link>
                      ))}
                    </li>
                  ))}
                </ul>
              )}
            </Td>
            {canCurate ? (
              <Td className="space-x-2 whitespace-nowrap">
                <Link href={`/catalog/${image.id}/edit`} className="text-sm font-medium text-blue-700 hover:underline" aria-label={`Edit ${image.name} ${image.version}`}>
                  Edit
                </Link>
                {image.status === "approved" ? <RetireImageButton action="deprecate" image={{ ...image, successorId: image.successor?.id ?? null }} successors={approved.filter((s) => s.id !== image.id)} /> : null}
                {image.status === "approved" || image.status === "deprecated" ? <RetireImageButton action="restrict" image={{ ...image, successorId: image.successor?.id ?? null }} successors={approved.filter((s) => s.id !== image.id)} /> : null}
                {image.status !== "revoked" ? <RetireImageButton action="revoke" image={{ ...image, successorId: image.successor?.id ?? null }} successors={approved.filter((s) => s.id !== image.id)} /> : null}
              </Td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
