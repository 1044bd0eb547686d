import type { Command } from "commander";
import { must, type Schemas } from "../lib/api";
import { CliError, EXIT } from "../lib/exit";
import { printJson, say, table } from "../lib/output";
import { findApp, findDeployment, findTarget } from "../lib/resolve";
import { session } from "../lib/session";
import { currentSettings, settingsFrom, type SettingFlags } from "../lib/settings";
import { settingFlags, where, type Where } from "./deployment-options";

/** The policy verdict in words: refused or allowed, each reason and warning, and what enforces each setting. */
export function printDecision(decision: Schemas["PolicyDecision"] | null): void {
  if (!decision) return say("Policy: no verdict (the app declares no base image)");
  say(`Policy: ${decision.allowed ? "allowed" : "REFUSED"}`);
  for (const reason of decision.reasons) say(`  refused: ${reason.message}`);
  for (const warning of decision.warnings) say(`  warning: ${warning.message}`);
  say();
  table(decision.enforcement.map((e) => ({ setting: e.setting, "enforced by": e.by, construct: e.construct })), ["setting", "enforced by", "construct"], "");
}

export function registerPlan(program: Command): void {
  const plan = where(program.command("plan").description("what a deploy would send to the cloud, request by request, and the policy verdicts; changes nothing"));
  settingFlags(plan)
    .addHelpText("after", "\nExit codes: 0 allowed, 3 refused by policy (each reason printed), 4 unauthorized.")
    .action(async (options: Where & SettingFlags, command: Command) => {
      const { api, json } = await session(command);
      const app = await findApp(api, options.app, options.team);
      const target = await findTarget(api, options.target);
      const existing = await findDeployment(api, app.id, target.id);
      const settings = await settingsFrom(options, existing && existing.status !== "destroyed" ? await currentSettings(api, existing.id) : null);
      const preview = await must(api.POST("/deployments/preview", { body: { appId: app.id, targetId: target.id, ...settings } }));
      const refused = preview.decision !== null && !preview.decision.allowed;
      if (json) printJson(preview);
      else {
        say(`Plan for ${app.name} on ${preview.target.name} (${preview.target.kind})`);
        say();
        printDecision(preview.decision);
        if (preview.plan) {
          say();
          preview.plan.requests.forEach((request, index) => {
            say(`Request ${index + 1}: ${request.operation}`);
            say(JSON.stringify(request.body, null, 2).replace(/^/gm, "  "));
          });
        }
      }
      if (refused) throw new CliError("Refused by policy", EXIT.policy, preview.decision!.reasons.map((r) => r.message), json);
    });
}
