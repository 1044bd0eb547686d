import { createInterface } from "node:readline/promises";
import type { Command } from "commander";
import { apiClient, must } from "../lib/api";
import { forgetConfig, saveConfig } from "../lib/config";
import { CliError, EXIT } from "../lib/exit";
import { printJson, say, time } from "../lib/output";
import { jsonWanted } from "../lib/session";

/** readline's own hook for what it echoes (undocumented, but Node's for years): replaced to hide the token. */
type Echoing = { _writeToOutput: (text: string) => void };
const echoes = (prompt: object): prompt is Echoing => "_writeToOutput" in prompt && typeof prompt._writeToOutput === "function";

/** The token from standard input: piped (CI), or typed at a prompt that does not echo it. */
async function readToken(): Promise<string> {
  if (!process.stdin.isTTY) {
    let text = "";
    for await (const chunk of process.stdin) text += chunk;
    return text.trim();
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  if (!echoes(prompt)) {
    prompt.close();
    throw new CliError("This Node's prompt cannot hide what is typed: pipe the token in instead", EXIT.usage);
  }
  const write = prompt._writeToOutput.bind(prompt);
  let asked = false;
  prompt._writeToOutput = (s: string) => (asked ? undefined : ((asked = true), write(s)));
  const token = await prompt.question("API token (bh_…): ");
  prompt.close();
  process.stderr.write("\n");
  return token.trim();
}

export function registerLogin(program: Command): void {
  program
    .command("login")
    .description("check an API token and keep it, with the address, in a file only you can read (0600)")
    .requiredOption("--url <address>", "Bulkhead's address, e.g. https://bulkhead.example.com")
    .action(async (options: { url: string }, command: Command) => {
      const token = await readToken();
      if (!token) throw new CliError("No token given: pipe it in, or type it at the prompt", EXIT.usage);
      const current = await must(apiClient({ url: options.url, token }).GET("/tokens/current"));
      if (!current) throw new CliError("That is not an API token", EXIT.unauthorized);
      const file = await saveConfig({ url: options.url, token });
      if (jsonWanted(command)) return printJson({ config: file, token: current });
      const owner = current.owner.email ?? `team ${current.owner.team?.slug}`;
      say(`Logged in to ${options.url} with token "${current.name}" of ${owner} (${current.abilities.join(", ")}), valid until ${time(current.expiresAt)}`);
      say(`Kept in ${file}`);
    });

  program
    .command("logout")
    .description("forget the kept token (revoke it on the API tokens page)")
    .action(async (_options: unknown, command: Command) => {
      const forgot = await forgetConfig();
      if (jsonWanted(command)) return printJson({ forgot });
      say(forgot ? "Token forgotten. It still works until revoked: revoke it on the API tokens page." : "No token was kept.");
    });
}
