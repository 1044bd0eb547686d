import Link from "next/link";
import type { RunsOn } from "@/app/_lib/api-types";
import { endOfLifeDistance, statusTones } from "@/server/catalog/contract";
import { Badge } from "@/app/_components/ui/badge";
import { Table, Td, Th } from "@/app/_components/ui/table";
import { utcDay } from "@/app/_lib/utc-time";

/** Per base image and version, the live deployments running it, with its status, end of life and successor. */
export function RunsOnTable({ images, now }: { images: RunsOn; now: Date }) {
  return (
    <Table aria-label="What runs on what">
      <thead>
        <tr>
          <Th>Base image</Th>
          <Th>Status</Th>
          <Th>End of life</Th>
          <Th>Successor</Th>
          <Th>Running on it</Th>
        </tr>
      </thead>
      <tbody>
        {images.map((image) => (
          <tr key={image.id}>
            <Td className="font-medium">
              {image.name} {image.version}
            </Td>
            <Td>
              <Badge tone={statusTones[image.status]}>{image.status}</Badge>
            </Td>
            <Td>
              {image.endOfLife ? (
                <>
                  {utcDay(image.endOfLife)}
                  <div className="text-xs text-slate-600">{endOfLifeDistance(image.endOfLife, now)}</div>
                </>
              ) : (
                "—"
              )}
            </Td>
            <Td>{image.successor ? `${image.successor.name} ${image.successor.version}` : "—"}</Td>
            <Td>
              {image.deployments.length === 0 ? (
                <span className="text-slate-600">Nothing</span>
              ) : (
                <ul className="space-y-1">
                  {image.deployments.map((d) => (
                    <li key={d.id}>
                      <Link className="font-medium underline-offset-2 hover:underline" href={`/deployments/${d.id}`}>
                        {d.app.name} on {d.target}
                      </Link>{" "}
                      <span className="text-xs text-slate-500">
                        ({d.team.name}, {d.status}, revision {d.revision})
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
