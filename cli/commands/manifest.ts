// bulkhead diff / apply -f bulkhead.yaml, and bulkhead schema (the file's JSON Schema).
import type { Command } from "commander";
import { manifestJsonSchema } from "@/server/manifest/schema";
import { CliError, EXIT } from "../lib/exit";
import { printJson, say } from "../lib/output";
import { session } from "../lib/session";
import { watch } from "../lib/watch";
import { applyPlan, verdicts } from "../manifest/apply";
import { planChanges } from "../manifest/changes";
import { loadManifest } from "../manifest/load";
import { describeChange, printPlan } from "../manifest/print";
import { readState } from "../manifest/state";
import { timeoutMs, waiting, type WaitOptions } from "./deployment-options";

async function prepare(command: Command, file: string) {
  const manifest = await loadManifest(file);
  const { api, json } = await session(command);
  const state = await readState(api, manifest);
  const plan = planChanges(manifest, state);
  return { api, json, state, plan, known: await verdicts(api, plan, state) };
}

const refusals = (known: Awaited<ReturnType<typeof prepare>>["known"]) => [...known.values()].filter((d) => d && !d.allowed);

export function registerManifest(program: Command): void {
  program
    .command("diff")
    .description("what apply would change, with policy's verdict on each deployment; changes nothing")
    .requiredOption("-f, --file <bulkhead.yaml>", "the file")
    .addHelpText("after", "\nExit codes: 0 it can be applied, 1 something blocks it, 2 the file is invalid, 3 policy refuses a deployment.")
    .action(async (options: { file: string }, command: Command) => {
      const { json, plan, known } = await prepare(command, options.file);
      if (json) printJson({ ...plan, changes: plan.changes.map((change) => ({ ...change, description: describeChange(change, known), decision: change.kind === "deploy" ? known.get(change) : undefined })) });
      else printPlan(plan, known);
      if (plan.blockers.length) throw new CliError(`${plan.blockers.length} problem${plan.blockers.length === 1 ? "" : "s"} block apply`, EXIT.failed, [], true);
      if (refusals(known).length) throw new CliError("Policy refuses a deployment", EXIT.policy, [], true);
    });

  const apply = program
    .command("apply")
    .description("make what runs what the file says, through the API (audited as the token); a second apply changes nothing")
    .requiredOption("-f, --file <bulkhead.yaml>", "the file")
    .addHelpText("after", "\nExit codes: 0 done, 1 failed or left something for later (a secret to set), 2 the file is invalid, 3 refused by policy, 4 unauthorized.");
  waiting(apply, "every deployment it makes runs").action(async (options: { file: string } & WaitOptions, command: Command) => {
    const { api, json, state, plan, known } = await prepare(command, options.file);
    if (plan.blockers.length) throw new CliError("Nothing was applied", EXIT.failed, plan.blockers.map((b) => `${b.where}: ${b.message}`));
    const applied = await applyPlan(api, plan, state, known, ({ change }) => {
      if (!json) say(describeChange(change, known));
    });
    if (!json && !applied.length) say("No changes.");
    if (options.wait) for (const { queued } of applied) if (queued) await watch(api, queued.id, { revision: queued.desiredRevision }, { quiet: json, timeoutMs: timeoutMs(options) });
    if (json) printJson({ applied: applied.map(({ change, queued }) => ({ ...change, description: describeChange(change, known), queued })), held: plan.held, notes: plan.notes });
    else {
      for (const held of plan.held) say(`! ${held.app} on ${held.target} not deployed: set secret${held.missingSecrets.length === 1 ? "" : "s"} ${held.missingSecrets.join(", ")} (bulkhead secrets set), then apply again`);
      for (const note of plan.notes) say(`  note: ${note}`);
    }
    if (plan.held.length) throw new CliError("Applied, but some deployments wait for secrets", EXIT.failed, [], true);
  });

  program
    .command("schema")
    .description("print the JSON Schema of bulkhead.yaml (also served at /api/v1/bulkhead.schema.json)")
    .action(() => printJson(manifestJsonSchema()));
}
