// `bulkhead`: Bulkhead from the command line, for CI jobs and scripts, with an API token (bulkhead login, or
// BULKHEAD_URL and BULKHEAD_TOKEN). Every command calls the REST API (/api/v1) with the token; --json prints one
// JSON document for scripts. Exit codes: cli/lib/exit.ts.
import { Command, CommanderError } from "commander";
import { registerApps } from "./commands/apps";
import { registerAudit } from "./commands/audit";
import { registerDeploy } from "./commands/deploy";
import { registerLogin } from "./commands/login";
import { registerManage } from "./commands/manage";
import { registerManifest } from "./commands/manifest";
import { registerPlan } from "./commands/plan";
import { registerSecrets } from "./commands/secrets";
import { registerStatus } from "./commands/status";
import { CliError, EXIT } from "./lib/exit";
import { VERSION } from "./lib/version";

function program(): Command {
  const root = new Command("bulkhead")
    .description("Deploy and manage apps on Bulkhead, export its audit trail, and apply bulkhead.yaml files")
    .version(VERSION)
    .option("--json", "print one JSON document (for scripts)")
    .addHelpText("after", "\nLog in once with `bulkhead login --url <address>` (the token is read from standard input), or set BULKHEAD_URL and BULKHEAD_TOKEN.\nExit codes: 0 done, 1 failed, 2 invalid input, 3 refused by policy, 4 unauthorized.")
    .exitOverride()
    .showHelpAfterError("(add --help for the options)");
  registerLogin(root);
  registerApps(root);
  registerDeploy(root);
  registerStatus(root);
  registerManage(root);
  registerPlan(root);
  registerSecrets(root);
  registerAudit(root);
  registerManifest(root);
  // Subcommands exit through the same override, so a usage error is exit 2 everywhere.
  for (const command of root.commands) command.exitOverride();
  return root;
}

function report(error: CliError, json: boolean): void {
  if (error.reported) return;
  if (json) {
    process.stdout.write(`${JSON.stringify({ error: { message: error.message, details: error.lines, exitCode: error.code } }, null, 2)}\n`);
    return;
  }
  process.stderr.write(`error: ${error.message}\n`);
  for (const line of error.lines) process.stderr.write(`  ${line}\n`);
}

export async function main(argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  try {
    await program().parseAsync(argv, { from: "user" });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) return ["commander.helpDisplayed", "commander.version", "commander.help"].includes(error.code) ? EXIT.ok : EXIT.usage;
    if (error instanceof CliError) {
      report(error, json);
      return error.code;
    }
    report(new CliError(error instanceof Error ? error.message : String(error), EXIT.failed), json);
    return EXIT.failed;
  }
}
