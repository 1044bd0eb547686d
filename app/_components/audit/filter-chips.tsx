import Link from "next/link";
import { X } from "lucide";
import { Icon } from "@/app/_components/ui/icon";
import { withFilters, type AuditSearchParams } from "./filters";

/** The active filters in words (names, not ids), each with a link that removes it. */
export function FilterChips({ chips, params }: { chips: { key: string; label: string; value: string }[]; params: AuditSearchParams }) {
  if (!chips.length) return null;
  return (
    <ul aria-label="Active filters" className="flex flex-wrap gap-2 text-sm">
      {chips.map((chip) => (
        <li key={chip.key} className="inline-flex items-center gap-1 rounded-full bg-slate-100 px-3 py-1 text-slate-800">
          <span>
            {chip.label}: {chip.value}
          </span>
          {/* A resource's id goes with its type. */}
          <Link href={withFilters(params, chip.key === "resourceType" ? { resourceType: undefined, resourceId: undefined } : { [chip.key]: undefined })} aria-label={`Remove filter ${chip.label}: ${chip.value}`} className="text-slate-500 hover:text-slate-900">
            <Icon icon={X} className="h-3.5 w-3.5" aria-hidden />
          </Link>
        </li>
      ))}
    </ul>
  );
}
