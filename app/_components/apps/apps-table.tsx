import Link from "next/link";
import type { AppView } from "@/app/_lib/api-types";
import { Table, Td, Th } from "@/app/_components/ui/table";
import { ClassificationBadge } from "./classification-badge";
import { utcMinute } from "@/app/_lib/utc-time";

export function AppsTable({ apps, showTeam }: { apps: AppView[]; showTeam: boolean }) {
  return (
    <Table aria-label="Apps">
      <thead>
        <tr>
          <Th>Name</Th>
          {showTeam ? <Th>Team</Th> : null}
          <Th>Classification</Th>
          <Th>Description</Th>
          <Th>Updated</Th>
        </tr>
      </thead>
      <tbody>
        {apps.map((app) => (
          <tr key={app.id}>
            <Td>
              <Link href={`/apps/${app.id}`} className="font-medium text-brand-700 hover:underline">
                {app.name}
              </Link>
            </Td>
            {showTeam ? <Td>{app.team.name}</Td> : null}
            <Td>
              <ClassificationBadge value={app.classification} />
            </Td>
            <Td className="max-w-md truncate text-slate-600">{app.description || "—"}</Td>
            <Td className="whitespace-nowrap text-slate-500">{utcMinute(app.updatedAt)}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
