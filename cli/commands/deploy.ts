import type { Command } from "commander";
import { must, type Schemas } from "../lib/api";
import { printJson, say } from "../lib/output";
import { findApp, findDeployment, findTarget } from "../lib/resolve";
import { session } from "../lib/session";
import { currentSettings, settingsFrom, type SettingFlags } from "../lib/settings";
import { watch } from "../lib/watch";
import { settingFlags, timeoutMs, waiting, where, type WaitOptions, type Where } from "./deployment-options";

export function registerDeploy(program: Command): void {
  const deploy = program
    .command("deploy")
    .description("deploy an app to a target: a new revision with the deployment's current settings and the flags given")
    .addHelpText("after", "\nExit codes with --wait: 0 running, 1 failed, 3 refused by policy (each reason printed), 4 unauthorized.");
  where(deploy);
  settingFlags(deploy);
  waiting(deploy, "it runs").action(async (options: Where & WaitOptions & SettingFlags, command: Command) => {
    const { api, json } = await session(command);
    const app = await findApp(api, options.app, options.team);
    const target = await findTarget(api, options.target);
    const existing = await findDeployment(api, app.id, target.id);
    const settings = await settingsFrom(options, existing && existing.status !== "destroyed" ? await currentSettings(api, existing.id) : null);
    const queued = await must(api.POST("/deployments", { body: { appId: app.id, targetId: target.id, ...settings } }));
    if (!json) say(`${app.name} on ${target.name}: revision ${queued.desiredRevision} queued`);
    let deployment: Schemas["Deployment"] | null = null;
    if (options.wait) {
      deployment = await watch(api, queued.id, { revision: queued.desiredRevision }, { quiet: json, timeoutMs: timeoutMs(options) });
      if (!json) say(`${app.name} is running on ${target.name} (revision ${queued.desiredRevision})${deployment.url ? ` at ${deployment.url}` : ""}`);
    }
    if (json) printJson({ queued, deployment });
  });
}
