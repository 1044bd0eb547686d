import diff from "microdiff";
import { Table, Td, Th } from "@/app/_components/ui/table";

const show = (value: unknown) => (value === undefined ? "—" : typeof value === "string" ? value : JSON.stringify(value));

type Json = Record<string, unknown> | unknown[];
const asObject = (value: unknown): Json => (value !== null && typeof value === "object" ? (value as Json) : {});

/** Field by field, what an event changed: microdiff walks nested objects and arrays. */
export function DiffTable({ before, after }: { before: unknown; after: unknown }) {
  const changes = diff(asObject(before), asObject(after));
  if (!changes.length) return <p className="px-5 py-4 text-sm text-slate-500">No field changed.</p>;
  return (
    <Table aria-label="Changes">
      <thead>
        <tr>
          <Th>Field</Th>
          <Th>Before</Th>
          <Th>After</Th>
        </tr>
      </thead>
      <tbody>
        {changes.map((change) => (
          <tr key={change.path.join(".")}>
            <Td className="font-mono text-xs">{change.path.join(".")}</Td>
            <Td className="break-all font-mono text-xs text-red-700">{change.type === "CREATE" ? "—" : show(change.oldValue)}</Td>
            <Td className="break-all font-mono text-xs text-green-700">{change.type === "REMOVE" ? "—" : show(change.value)}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
