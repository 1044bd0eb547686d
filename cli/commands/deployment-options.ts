// Options shared by the deployment commands.
import { Option, type Command } from "commander";

export interface Where {
  app: string;
  team?: string;
  target: string;
}
export interface WaitOptions {
  wait?: boolean;
  timeout: string;
}

export const where = (command: Command) =>
  command
    .requiredOption("--app <name|id>", "the app")
    .option("--team <slug>", "the app's team, when several teams have an app of that name")
    .requiredOption("--target <name|id>", "the target");

export const waiting = (command: Command, what: string) =>
  command.option("--wait", `follow it until ${what}; exit 0 on success, 1 on failure`).option("--timeout <seconds>", "give up waiting after this long", "600");

export const settingFlags = (command: Command) =>
  command
    .option("--image <ref>", "image pinned by digest: registry/repository@sha256:<64 hex>")
    .option("--env-file <file>", "plain variables, NAME=value per line (replaces the current ones)")
    .option("--env <NAME=value...>", "a plain variable (repeatable; added on top)")
    .option("--cpu <vcpu>", "vCPU, e.g. 0.5")
    .option("--memory <MiB>", "memory in MiB, e.g. 1024")
    .option("--port <port>", "the container's port")
    .option("--min <n>", "minimum instances")
    .option("--max <n>", "maximum instances")
    .addOption(new Option("--ingress <kind>", "who can reach it").choices(["public", "internal"]))
    .option("--health-check <path>", "HTTP path probed for health, e.g. /healthz");

export const timeoutMs = (options: WaitOptions) => Math.max(1, Number(options.timeout) || 600) * 1000;
