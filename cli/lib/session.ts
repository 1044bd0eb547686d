// What every command that calls the API starts from: the saved (or environment) address and token, and --json.
import type { Command } from "commander";
import { apiClient, type Api } from "./api";
import { loadConfig } from "./config";

export interface Session {
  api: Api;
  /** --json: one JSON document on standard output, nothing else. */
  json: boolean;
}

export async function session(command: Command): Promise<Session> {
  const { json } = command.optsWithGlobals<{ json?: boolean }>();
  return { api: apiClient(await loadConfig()), json: Boolean(json) };
}

export const jsonWanted = (command: Command) => Boolean(command.optsWithGlobals<{ json?: boolean }>().json);
