// rollback, scale and destroy: each a new revision (or the destroy) of an existing deployment.
import type { Command } from "commander";
import { must } from "../lib/api";
import { CliError, EXIT } from "../lib/exit";
import { printJson, say } from "../lib/output";
import { findApp, findTarget, requireDeployment } from "../lib/resolve";
import { session } from "../lib/session";
import { watch } from "../lib/watch";
import { timeoutMs, waiting, where, type WaitOptions, type Where } from "./deployment-options";

async function locate(command: Command, options: Where) {
  const { api, json } = await session(command);
  const app = await findApp(api, options.app, options.team);
  const target = await findTarget(api, options.target);
  return { api, json, app, target, deployment: await requireDeployment(api, app, target) };
}

const integer = (flag: string, value: string) => {
  if (!/^\d+$/.test(value)) throw new CliError(`--${flag} must be a whole number, not ${value}`, EXIT.usage);
  return Number(value);
};

export function registerManage(program: Command): void {
  const rollback = where(program.command("rollback").description("roll a deployment back to an earlier revision (a new revision with its settings)"));
  waiting(rollback.option("--to <revision>", "the revision to go back to (default: the one before the current)"), "it runs").action(
    async (options: Where & WaitOptions & { to?: string }, command: Command) => {
      const { api, json, app, target, deployment } = await locate(command, options);
      const toRevision = options.to === undefined ? deployment.desiredRevision - 1 : integer("to", options.to);
      if (toRevision < 1) throw new CliError(`${app.name} on ${target.name} has no earlier revision`, EXIT.failed);
      const queued = await must(api.POST("/deployments/{id}/rollback", { params: { path: { id: deployment.id } }, body: { toRevision } }));
      if (!json) say(`${app.name} on ${target.name}: rolling back to revision ${toRevision} as revision ${queued.desiredRevision}`);
      const settled = options.wait ? await watch(api, queued.id, { revision: queued.desiredRevision }, { quiet: json, timeoutMs: timeoutMs(options) }) : null;
      if (json) printJson({ queued, deployment: settled });
      else if (settled) say(`${app.name} is running revision ${queued.desiredRevision} on ${target.name}`);
    },
  );

  const scale = where(program.command("scale").description("change how many instances a deployment runs"));
  waiting(scale.requiredOption("--min <n>", "minimum instances").requiredOption("--max <n>", "maximum instances"), "it runs").action(
    async (options: Where & WaitOptions & { min: string; max: string }, command: Command) => {
      const { api, json, app, target, deployment } = await locate(command, options);
      const body = { minInstances: integer("min", options.min), maxInstances: integer("max", options.max) };
      const queued = await must(api.POST("/deployments/{id}/scale", { params: { path: { id: deployment.id } }, body }));
      if (!json) say(`${app.name} on ${target.name}: ${body.minInstances}–${body.maxInstances} instances, revision ${queued.desiredRevision} queued`);
      const settled = options.wait ? await watch(api, queued.id, { revision: queued.desiredRevision }, { quiet: json, timeoutMs: timeoutMs(options) }) : null;
      if (json) printJson({ queued, deployment: settled });
      else if (settled) say(`${app.name} is running revision ${queued.desiredRevision} on ${target.name}`);
    },
  );

  const destroy = where(program.command("destroy").description("remove a deployment from its cloud"));
  waiting(destroy.option("--yes", "confirm: the cloud resource is deleted"), "it is destroyed").action(async (options: Where & WaitOptions & { yes?: boolean }, command: Command) => {
    if (!options.yes) throw new CliError("destroy deletes the deployment's cloud resource: add --yes to confirm", EXIT.usage);
    const { api, json, app, target, deployment } = await locate(command, options);
    const queued = await must(api.DELETE("/deployments/{id}", { params: { path: { id: deployment.id } } }));
    if (!json) say(`${app.name} on ${target.name}: destroy queued`);
    const settled = options.wait ? await watch(api, queued.id, "destroyed", { quiet: json, timeoutMs: timeoutMs(options) }) : null;
    if (json) printJson({ queued, deployment: settled });
    else if (settled) say(`${app.name} is destroyed on ${target.name}`);
  });
}
