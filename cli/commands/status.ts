import type { Command } from "commander";
import { must } from "../lib/api";
import { printJson, say, table, time } from "../lib/output";
import { findApp, findTarget, requireDeployment } from "../lib/resolve";
import { session } from "../lib/session";

export function registerStatus(program: Command): void {
  program
    .command("status")
    .description("an app's deployments, or with --target one deployment and its latest events")
    .requiredOption("--app <name|id>", "the app")
    .option("--team <slug>", "the app's team, when several teams have an app of that name")
    .option("--target <name|id>", "only the deployment on this target, with its timeline")
    .action(async (options: { app: string; team?: string; target?: string }, command: Command) => {
      const { api, json } = await session(command);
      const app = await findApp(api, options.app, options.team);
      if (options.target) {
        const summary = await requireDeployment(api, app, await findTarget(api, options.target));
        const deployment = await must(api.GET("/deployments/{id}", { params: { path: { id: summary.id } } }));
        if (json) return printJson(deployment);
        say(`${app.name} on ${deployment.target.name}: ${deployment.status} — ${deployment.statusMessage}`);
        say(`revision ${deployment.desiredRevision} wanted, ${deployment.runningRevision ?? "none"} running${deployment.url ? `, at ${deployment.url}` : ""}`);
        say();
        for (const event of deployment.events.slice(0, 10).reverse()) say(`${time(event.at)}  ${event.status.padEnd(10)} ${event.message}`);
        return;
      }
      const deployments = await must(api.GET("/deployments", { params: { query: { appId: app.id } } }));
      if (json) return printJson(deployments);
      table(
        deployments.map((d) => ({ target: d.target.name, status: d.status, wanted: String(d.desiredRevision), running: String(d.runningRevision ?? "-"), updated: time(d.updatedAt), url: d.url ?? "" })),
        ["target", "status", "wanted", "running", "updated", "url"],
        `${app.name} is not deployed anywhere.`,
      );
    });
}
