import type { Metadata } from "next";
import Link from "next/link";
import { OverridesTable } from "@/app/_components/overrides/overrides-table";
import { Card, CardHeader } from "@/app/_components/ui/card";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { load } from "@/app/_lib/server-caller";

export const metadata: Metadata = { title: "Break-glass overrides" };

const STATES = [
  [undefined, "All"],
  ["requested", "Requested"],
  ["active", "Active"],
  ["expired", "Expired"],
  ["rejected", "Rejected"],
] as const;

/** The compliance officers' report of every break-glass override, filtered by state. */
export default async function OverridesReport({ searchParams }: { searchParams: Promise<{ state?: string }> }) {
  const { state } = await searchParams;
  const chosen = STATES.find(([value]) => value === state)?.[0];
  const overrides = await load((caller) => caller.overrides.list({ state: chosen }));
  return (
    <Card>
      <CardHeader
        as="h1"
        title="Break-glass overrides"
        description="Every override of a policy refusal: who asked and why, who approved, the revision it deployed, and what its expiry found."
        actions={
          <Link href="/audit?action=break-glass.*" className="text-sm text-brand-700 hover:underline">
            Their events in the audit trail
          </Link>
        }
      />
      <nav aria-label="Filter overrides by state" className="flex gap-3 px-5 pb-3 text-sm">
        {STATES.map(([value, label]) => (
          <Link key={label} href={value ? `/audit/overrides?state=${value}` : "/audit/overrides"} aria-current={chosen === value ? "page" : undefined} className={chosen === value ? "font-semibold" : "text-brand-700 hover:underline"}>
            {label}
          </Link>
        ))}
      </nav>
      {overrides.length ? (
        <OverridesTable overrides={overrides} label="Break-glass overrides" />
      ) : (
        <div className="p-5">
          <EmptyState title="No overrides">{chosen ? "None in this state." : "Nobody has asked to override a policy refusal."}</EmptyState>
        </div>
      )}
    </Card>
  );
}
