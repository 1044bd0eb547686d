import type { PolicyDecision } from "@/app/_lib/api-types";
import { Badge } from "@/app/_components/ui/badge";
import { Table, Td, Th } from "@/app/_components/ui/table";
import { settingLabels } from "./setting-labels";

const enforcedTone = { request: "good", inherent: "good", target: "info", "not required": "neutral", unsupported: "bad" } as const;

/** The verdict first, in one word or three: what someone previewing a deploy wants to know before the details. */
function verdictOf(decision: PolicyDecision): { text: string; tone: string } | null {
  if (decision.reasons.length) return null;
  if (decision.waived?.length) return { text: "Allowed under a break-glass override", tone: "border-amber-400 bg-amber-50 text-amber-900" };
  if (decision.warnings.length) return { text: "Allowed with warnings", tone: "border-amber-200 bg-amber-50 text-amber-900" };
  return { text: "Allowed", tone: "border-green-200 bg-green-50 text-green-800" };
}

/** What policy says of a deployment: its verdict, why it is refused, what to fix soon, and setting by setting what
 * enforces it. */
export function PolicyDecisionView({ decision }: { decision: PolicyDecision | null }) {
  if (!decision) {
    return (
      <p role="alert" className="text-sm text-red-700">
        The app declares no base image; choose one from the catalog on the app&apos;s page before deploying.
      </p>
    );
  }
  const verdict = verdictOf(decision);
  return (
    <section aria-label="Policy decision" className="space-y-3">
      {verdict ? (
        <p aria-label="Policy verdict" className={`rounded-md border p-3 text-sm font-semibold ${verdict.tone}`}>
          {verdict.text}
        </p>
      ) : null}
      {decision.reasons.length ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800 [overflow-wrap:anywhere]">
          <p className="font-semibold">Refused by policy</p>
          <ul className="list-disc pl-5">
            {decision.reasons.map((reason) => (
              <li key={`${reason.code}-${reason.subject}`}>{reason.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {decision.waived?.length ? (
        <div aria-label="Waived by a break-glass override" className="rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-900">
          <p className="font-semibold">Waived by a break-glass override</p>
          <ul className="list-disc pl-5">
            {decision.waived.map((reason) => (
              <li key={`${reason.code}-${reason.subject}`}>{reason.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {decision.warnings.length ? (
        <ul aria-label="Policy warnings" className="list-disc rounded-md border border-amber-200 bg-amber-50 p-3 pl-8 text-sm text-amber-900 [overflow-wrap:anywhere]">
          {decision.warnings.map((warning) => (
            <li key={`${warning.code}-${warning.subject}`}>{warning.message}</li>
          ))}
        </ul>
      ) : null}
      <Table aria-label="Policy enforcement">
        <thead>
          <tr>
            <Th>Setting</Th>
            <Th>Enforced by</Th>
            <Th>Native construct</Th>
          </tr>
        </thead>
        <tbody>
          {decision.enforcement.map((e) => (
            <tr key={e.setting}>
              <Td>
                <span title={e.setting}>{settingLabels[e.setting]}</span>
              </Td>
              <Td>
                <Badge tone={enforcedTone[e.by]}>{e.by}</Badge>
              </Td>
              <Td className="text-xs text-slate-600">
                <span className="font-medium text-slate-800">{e.construct}</span> — {e.detail}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </section>
  );
}
