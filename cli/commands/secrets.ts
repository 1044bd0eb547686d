import type { Command } from "commander";
import { must } from "../lib/api";
import { CliError, EXIT } from "../lib/exit";
import { printJson, say } from "../lib/output";
import { findApp, findTarget } from "../lib/resolve";
import { session } from "../lib/session";

async function readStdin(): Promise<string> {
  let text = "";
  for await (const chunk of process.stdin) text += chunk;
  // One trailing line break is how `echo` and files end; it is not part of the secret.
  return text.replace(/\r?\n$/, "");
}

export function registerSecrets(program: Command): void {
  const secrets = program.command("secrets").description("an app's secrets: write-only, never printed");
  secrets
    .command("set")
    .description("set or rotate a secret, its value read from standard input (never from the command line, where others could see it)")
    .requiredOption("--app <name|id>", "the app")
    .option("--team <slug>", "the app's team, when several teams have an app of that name")
    .requiredOption("--name <NAME>", "the environment variable the container sees")
    .option("--target <name|id>", "only on this target (default: every target without one of its own)")
    .action(async (options: { app: string; team?: string; name: string; target?: string }, command: Command) => {
      const { api, json } = await session(command);
      if (process.stdin.isTTY) throw new CliError("Pipe the value in, e.g. `bulkhead secrets set … < file`", EXIT.usage);
      const value = await readStdin();
      const app = await findApp(api, options.app, options.team);
      const targetId = options.target ? (await findTarget(api, options.target)).id : undefined;
      const changed = await must(api.PUT("/apps/{appId}/secrets/{name}", { params: { path: { appId: app.id, name: options.name } }, body: { value, targetId } }));
      if (json) return printJson(changed);
      say(`${changed.secret.name} of ${app.name} is at version ${changed.secret.version} (fingerprint ${changed.secret.fingerprint})`);
      for (const d of changed.redeployed) say(d.revision ? `  ${d.target}: revision ${d.revision} queued with it` : `  ${d.target}: not redeployed: ${d.refused}`);
    });

  secrets
    .command("list")
    .description("an app's secrets: names, versions and fingerprints")
    .requiredOption("--app <name|id>", "the app")
    .option("--team <slug>", "the app's team")
    .action(async (options: { app: string; team?: string }, command: Command) => {
      const { api, json } = await session(command);
      const app = await findApp(api, options.app, options.team);
      const list = await must(api.GET("/apps/{appId}/secrets", { params: { path: { appId: app.id } } }));
      if (json) return printJson(list);
      if (!list.secrets.length) return say(`${app.name} has no secrets.`);
      for (const s of list.secrets) say(`${s.name}${s.target ? ` (${s.target.name})` : ""}  version ${s.version}  fingerprint ${s.fingerprint}`);
    });
}
