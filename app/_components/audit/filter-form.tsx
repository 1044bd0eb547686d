import Link from "next/link";
import { Button } from "@/app/_components/ui/button";
import { Field, Input, Select } from "@/app/_components/ui/field";
import type { AuditSearchParams } from "./filters";

/** A plain GET form: filters live in the address, so a filtered view can be bookmarked and shared. */
export function AuditFilterForm({ params }: { params: AuditSearchParams }) {
  return (
    <form method="get" action="/audit" aria-label="Filter audit events" className="grid grid-cols-2 gap-3 md:grid-cols-4 lg:grid-cols-8">
      <Field id="from" label="From (UTC)">
        <Input id="from" name="from" type="datetime-local" defaultValue={params.from} />
      </Field>
      <Field id="to" label="To (UTC)">
        <Input id="to" name="to" type="datetime-local" defaultValue={params.to} />
      </Field>
      <Field id="actor" label="Actor (name or email)">
        <Input id="actor" name="actor" placeholder="dana or dana@example.com" defaultValue={params.actor} />
      </Field>
      <Field id="action" label="Action" hint="deployment.* for every deployment action">
        <Input id="action" name="action" placeholder="deployment.*" defaultValue={params.action} />
      </Field>
      <Field id="resourceType" label="Resource type">
        <Input id="resourceType" name="resourceType" placeholder="app" defaultValue={params.resourceType} />
      </Field>
      <Field id="resourceId" label="Resource id">
        <Input id="resourceId" name="resourceId" defaultValue={params.resourceId} />
      </Field>
      <Field id="outcome" label="Outcome">
        <Select id="outcome" name="outcome" defaultValue={params.outcome ?? ""}>
          <option value="">Any</option>
          <option value="ok">ok</option>
          <option value="denied">denied</option>
          <option value="failed">failed</option>
        </Select>
      </Field>
      {params.actorId ? <input type="hidden" name="actorId" value={params.actorId} /> : null}
      {params.teamId ? <input type="hidden" name="teamId" value={params.teamId} /> : null}
      <div className="flex items-end gap-2">
        <Button type="submit">Filter</Button>
        <Button asChild variant="ghost">
          <Link href="/audit">Clear</Link>
        </Button>
      </div>
    </form>
  );
}
