// A change plan in words, one line per change, with policy's verdict beside each deployment.
import type { Schemas } from "../lib/api";
import { say } from "../lib/output";
import type { Change, ChangePlan, FieldChange } from "./changes";
import type { Verdicts } from "./apply";

const shown = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));
const fields = (changes: FieldChange[]) => changes.map((c) => `${c.field} ${shown(c.from)} → ${shown(c.to)}`).join("; ");

function verdict(decision: Schemas["PolicyDecision"] | null | undefined): string {
  if (decision === undefined) return "policy: judged once the app exists";
  if (decision === null) return "policy: no verdict (no base image)";
  if (!decision.allowed) return `policy: REFUSED (${decision.reasons.map((r) => r.message).join("; ")})`;
  return decision.warnings.length ? `policy: allowed, warning: ${decision.warnings.map((w) => w.message).join("; ")}` : "policy: allowed";
}

export function describeChange(change: Change, verdicts: Verdicts = new Map()): string {
  switch (change.kind) {
    case "create-app":
      return `+ app ${change.app}: create (${change.input.classification})`;
    case "update-app":
      return `~ app ${change.app}: ${fields(change.fields)}`;
    case "request-link":
      return `+ link ${change.app} → ${change.to} on port ${change.port}: request (someone else approves it)`;
    case "deploy": {
      const what = change.why === "changed" ? `~ deploy ${change.app} to ${change.target}: ${fields(change.fields)}` : `+ deploy ${change.app} to ${change.target}: ${change.why === "new" ? "new" : "again (it was destroyed)"}`;
      return `${what}  [${verdict(verdicts.get(change))}]`;
    }
  }
}

export function printPlan(plan: ChangePlan, verdicts: Verdicts): void {
  for (const blocker of plan.blockers) say(`! ${blocker.where}: ${blocker.message}`);
  for (const change of plan.changes) say(describeChange(change, verdicts));
  for (const held of plan.held) {
    const commands = held.missingSecrets.map((name) => `bulkhead secrets set --app ${held.app} --name ${name} < file`).join("; ");
    say(`! ${held.app} on ${held.target}: waits for secret${held.missingSecrets.length === 1 ? "" : "s"} ${held.missingSecrets.join(", ")}, not set yet (${commands})`);
  }
  for (const note of plan.notes) say(`  note: ${note}`);
  if (!plan.changes.length && !plan.blockers.length && !plan.held.length) say("No changes.");
}
