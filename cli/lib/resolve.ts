// Apps and targets by the names people use (or their ids), and an app's deployment on a target.
import { must, type Api, type Schemas } from "./api";
import { CliError, EXIT } from "./exit";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An app the token can see, by id (the API's answer decides), or by name (and team slug when two teams use the name). */
export async function findApp(api: Api, nameOrId: string, team?: string): Promise<Schemas["App"]> {
  if (UUID.test(nameOrId)) return must(api.GET("/apps/{id}", { params: { path: { id: nameOrId } } }));
  const apps = await must(api.GET("/apps"));
  const found = apps.filter((app) => app.name === nameOrId && (!team || app.team.slug === team));
  if (found.length === 1) return found[0];
  if (found.length > 1) throw new CliError(`Several teams have an app named ${nameOrId}: add --team (${found.map((a) => a.team.slug).join(", ")})`, EXIT.usage);
  throw new CliError(`No app ${nameOrId}${team ? ` in team ${team}` : ""} that this token can see`, EXIT.failed, apps.length ? [`apps: ${apps.map((a) => a.name).join(", ")}`] : []);
}

export async function findTarget(api: Api, nameOrId: string): Promise<Schemas["Target"]> {
  const targets = await must(api.GET("/targets"));
  const target = targets.find((t) => t.id === nameOrId || t.name === nameOrId);
  if (!target) throw new CliError(`No target ${nameOrId}`, EXIT.failed, [`targets: ${targets.map((t) => t.name).join(", ")}`]);
  return target;
}

export async function findDeployment(api: Api, appId: string, targetId: string): Promise<Schemas["DeploymentSummary"] | null> {
  const deployments = await must(api.GET("/deployments", { params: { query: { appId } } }));
  return deployments.find((d) => d.target.id === targetId) ?? null;
}

/** The app's deployment on the target, which must exist. */
export async function requireDeployment(api: Api, app: Schemas["App"], target: Schemas["Target"]): Promise<Schemas["DeploymentSummary"]> {
  const deployment = await findDeployment(api, app.id, target.id);
  if (!deployment) throw new CliError(`${app.name} is not deployed to ${target.name}`, EXIT.failed);
  return deployment;
}
