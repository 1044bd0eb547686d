import type { Command } from "commander";
import { must } from "../lib/api";
import { printJson, table, time } from "../lib/output";
import { session } from "../lib/session";

export function registerApps(program: Command): void {
  const apps = program.command("apps").description("apps the token can see");
  apps
    .command("list")
    .description("list the apps")
    .action(async (_options: unknown, command: Command) => {
      const { api, json } = await session(command);
      const list = await must(api.GET("/apps"));
      if (json) return printJson(list);
      table(
        list.map((app) => ({ name: app.name, team: app.team.slug, classification: app.classification, "base image": app.baseImage ? `${app.baseImage.name} ${app.baseImage.version}` : "", id: app.id })),
        ["name", "team", "classification", "base image", "id"],
        "No apps.",
      );
    });

  program
    .command("targets")
    .description("list the targets apps can be deployed to")
    .action(async (_options: unknown, command: Command) => {
      const { api, json } = await session(command);
      const list = await must(api.GET("/targets"));
      if (json) return printJson(list);
      table(list.map((t) => ({ name: t.name, kind: t.kind, region: t.region, created: time(t.createdAt), id: t.id })), ["name", "kind", "region", "created", "id"], "No targets.");
    });
}
