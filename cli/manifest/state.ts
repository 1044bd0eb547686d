// What runs now, for the apps of a bulkhead.yaml: read through the API with the caller's token, nothing changed.
import type { Manifest } from "@/server/manifest/schema";
import { must, type Api, type Schemas } from "../lib/api";
import { CliError, EXIT } from "../lib/exit";
import { currentSettings, type Settings } from "../lib/settings";

export interface AppState {
  app: Schemas["App"];
  deployments: Schemas["DeploymentSummary"][];
  /** Settings of each deployment's latest revision, by deployment id. */
  settings: Map<string, Settings>;
  secretNames: Set<string>;
  outbound: Schemas["Link"][];
}

export interface State {
  team: { id: string; slug: string; name: string };
  baseImages: Schemas["BaseImage"][];
  targets: Schemas["Target"][];
  /** The team's apps, by name; those of the file have their deployments, secrets and links too. */
  apps: Map<string, Schemas["App"]>;
  details: Map<string, AppState>;
}

export async function readState(api: Api, manifest: Manifest): Promise<State> {
  const me = await must(api.GET("/me"));
  const team = me.teams.find((t) => t.slug === manifest.team);
  if (!team) throw new CliError(`This token cannot act for team ${manifest.team}`, EXIT.unauthorized, [`its teams: ${me.teams.map((t) => t.slug).join(", ") || "none"}`]);
  const [apps, baseImages, targets] = await Promise.all([must(api.GET("/apps", { params: { query: { teamId: team.id } } })), must(api.GET("/catalog/base-images")), must(api.GET("/targets"))]);
  const byName = new Map(apps.map((app) => [app.name, app]));
  const details = new Map<string, AppState>();
  for (const entry of manifest.apps) {
    const app = byName.get(entry.name);
    if (!app) continue;
    const [deployments, secrets, links] = await Promise.all([
      must(api.GET("/deployments", { params: { query: { appId: app.id } } })),
      must(api.GET("/apps/{appId}/secrets", { params: { path: { appId: app.id } } })),
      must(api.GET("/apps/{appId}/links", { params: { path: { appId: app.id } } })),
    ]);
    const settings = new Map<string, Settings>();
    for (const deployment of deployments) {
      const current = await currentSettings(api, deployment.id);
      if (current) settings.set(deployment.id, current);
    }
    details.set(app.name, { app, deployments, settings, secretNames: new Set(secrets.secrets.map((s) => s.name)), outbound: links.outbound });
  }
  return { team, baseImages, targets, apps: byName, details };
}
