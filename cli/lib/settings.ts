// A deployment's settings from the command line: what the deployment runs now (its latest revision), else the
// defaults below, with the flags given on top. --env-file replaces the plain variables; --env adds to them.
import { readFile } from "node:fs/promises";
import type { paths } from "../api/openapi";
import { must, type Api, type Schemas } from "./api";
import { CliError, EXIT } from "./exit";

type DeployBody = NonNullable<paths["/deployments"]["post"]["requestBody"]>["content"]["application/json"];
/** What a deploy sets: the deploy request without the app and target. */
export type Settings = Required<Omit<DeployBody, "appId" | "targetId">>;

export const DEFAULT_SETTINGS: Omit<Settings, "image"> = { cpu: 0.5, memoryMiB: 1024, port: 8080, env: {}, minInstances: 1, maxInstances: 1, ingress: "public", healthCheckPath: "/healthz" };

export interface SettingFlags {
  image?: string;
  cpu?: string;
  memory?: string;
  port?: string;
  min?: string;
  max?: string;
  ingress?: string;
  healthCheck?: string;
  envFile?: string;
  env?: string[];
}

/** KEY=VALUE lines; blank lines and # comments are skipped; a bad line is refused with its number. */
export function parseEnv(text: string, source: string): Record<string, string> {
  const env: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const at = line.indexOf("=");
    if (at < 1) throw new CliError(`${source}:${index + 1}: expected NAME=value`, EXIT.usage);
    env[line.slice(0, at).trim()] = line.slice(at + 1);
  });
  return env;
}

const number = (flag: string, value: string | undefined) => {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new CliError(`--${flag} must be a number, not ${value}`, EXIT.usage);
  return parsed;
};

/** The settings the deployment of revision `spec` runs with (a spec also holds its name, labels, secrets and policy). */
export function settingsOf(spec: Schemas["DeploymentSpec"]): Settings {
  const { image, cpu, memoryMiB, port, env, minInstances, maxInstances, ingress, healthCheckPath } = spec;
  return { image, cpu, memoryMiB, port, env, minInstances, maxInstances, ingress, healthCheckPath };
}

/** What the deployment runs now, or null when there is none. */
export async function currentSettings(api: Api, deploymentId: string | null): Promise<Settings | null> {
  if (!deploymentId) return null;
  const deployment = await must(api.GET("/deployments/{id}", { params: { path: { id: deploymentId } } }));
  const latest = deployment.revisions[0];
  return latest ? settingsOf(latest.spec as Schemas["DeploymentSpec"]) : null;
}

export async function settingsFrom(flags: SettingFlags, current: Settings | null): Promise<Settings> {
  const base = current ?? { ...DEFAULT_SETTINGS, image: "" };
  let env = base.env;
  if (flags.envFile) env = parseEnv(await readFile(flags.envFile, "utf8").catch(() => { throw new CliError(`Cannot read ${flags.envFile}`, EXIT.usage); }), flags.envFile);
  if (flags.env?.length) env = { ...env, ...parseEnv(flags.env.join("\n"), "--env") };
  const settings: Settings = {
    image: flags.image ?? base.image,
    cpu: number("cpu", flags.cpu) ?? base.cpu,
    memoryMiB: number("memory", flags.memory) ?? base.memoryMiB,
    port: number("port", flags.port) ?? base.port,
    env,
    minInstances: number("min", flags.min) ?? base.minInstances,
    maxInstances: number("max", flags.max) ?? base.maxInstances,
    ingress: (flags.ingress as Settings["ingress"] | undefined) ?? base.ingress,
    healthCheckPath: flags.healthCheck ?? base.healthCheckPath,
  };
  if (!settings.image) throw new CliError("--image is required for a first deploy (registry/repository@sha256:<digest>)", EXIT.usage);
  return settings;
}
