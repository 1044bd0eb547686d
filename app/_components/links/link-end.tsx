import Link from "next/link";
import type { LinkView } from "@/app/_lib/api-types";

/** One end of a link: the app's name, linking to its page, and its team where the viewer needs to be told. */
export function LinkEnd({ end, showTeam }: { end: LinkView["from"]; showTeam: boolean }) {
  return (
    <>
      <Link href={`/apps/${end.id}`} className="font-medium text-brand-700 hover:underline">
        {end.name}
      </Link>
      {showTeam ? <span className="ml-1 text-xs text-slate-500">({end.team})</span> : null}
    </>
  );
}
