// What `apply` would change to make the running state what bulkhead.yaml says: a pure function of the file and the
// state read from the API, so `diff` and `apply` agree and tests need no server. Only what the file declares is
// compared: apps, deployments, secrets and links it does not name are left alone (never deleted).
import type { Manifest, ManifestApp, ManifestDeployment } from "@/server/manifest/schema";
import type { Settings } from "../lib/settings";
import type { State } from "./state";

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export type Change =
  | { kind: "create-app"; app: string; input: { teamId: string; name: string; description: string; classification: ManifestApp["classification"]; baseImageId: string } }
  | { kind: "update-app"; app: string; appId: string; fields: FieldChange[]; input: Record<string, unknown> }
  | { kind: "request-link"; app: string; to: string; port: number; reason: string }
  | { kind: "deploy"; app: string; target: string; targetId: string; settings: Settings; why: "new" | "changed" | "destroyed"; fields: FieldChange[] };

/** Something the file asks for that cannot be done: apply refuses to start while there is one. */
export interface Blocker {
  where: string;
  message: string;
}

/** A deployment apply leaves for now, and why (a secret to set first): apply ends with exit 1 while there is one. */
export interface Held {
  app: string;
  target: string;
  missingSecrets: string[];
}

export interface ChangePlan {
  changes: Change[];
  blockers: Blocker[];
  held: Held[];
  /** Things worth knowing that change nothing (a deployment that failed, one the file does not name). */
  notes: string[];
}

const SETTINGS: (keyof Settings)[] = ["image", "cpu", "memoryMiB", "port", "env", "minInstances", "maxInstances", "ingress", "healthCheckPath"];

const same = (a: unknown, b: unknown) => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
function sortKeys(value: unknown): unknown {
  if (!value || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)));
}

export function settingsOfEntry(entry: ManifestDeployment): Settings {
  const { image, cpu, memoryMiB, port, env, minInstances, maxInstances, ingress, healthCheckPath } = entry;
  return { image, cpu, memoryMiB, port, env, minInstances, maxInstances, ingress, healthCheckPath };
}

function settingChanges(current: Settings, wanted: Settings): FieldChange[] {
  return SETTINGS.filter((field) => !same(current[field], wanted[field])).map((field) => ({ field, from: current[field], to: wanted[field] }));
}

const LIVE = new Set(["queued", "deploying", "running", "failed"]);

function appChanges(entry: ManifestApp, state: State, baseImageId: string, plan: ChangePlan) {
  const existing = state.apps.get(entry.name);
  if (!existing) {
    plan.changes.push({ kind: "create-app", app: entry.name, input: { teamId: state.team.id, name: entry.name, description: entry.description, classification: entry.classification, baseImageId } });
    return;
  }
  const fields: FieldChange[] = [];
  if (existing.description !== entry.description) fields.push({ field: "description", from: existing.description, to: entry.description });
  if (existing.classification !== entry.classification) fields.push({ field: "classification", from: existing.classification, to: entry.classification });
  if (existing.baseImage?.id !== baseImageId) {
    fields.push({ field: "baseImage", from: existing.baseImage ? `${existing.baseImage.name} ${existing.baseImage.version}` : null, to: `${entry.baseImage.name} ${entry.baseImage.version}` });
  }
  if (fields.length) {
    const input = Object.fromEntries(fields.map((f) => (f.field === "baseImage" ? ["baseImageId", baseImageId] : [f.field, f.to])));
    plan.changes.push({ kind: "update-app", app: entry.name, appId: existing.id, fields, input });
  }
}

function linkChanges(entry: ManifestApp, state: State, plan: ChangePlan) {
  const outbound = state.details.get(entry.name)?.outbound ?? [];
  for (const link of entry.links) {
    const toId = state.apps.get(link.to)?.id ?? link.to;
    const active = outbound.some((l) => (l.to.id === toId || l.to.name === link.to) && l.port === link.port && (l.status === "requested" || l.status === "approved"));
    if (!active) plan.changes.push({ kind: "request-link", app: entry.name, to: link.to, port: link.port, reason: link.reason });
  }
}

function deploymentChanges(entry: ManifestApp, state: State, plan: ChangePlan) {
  const detail = state.details.get(entry.name);
  const missingSecrets = entry.secrets.filter((name) => !detail?.secretNames.has(name));
  for (const deployment of entry.deployments) {
    const target = state.targets.find((t) => t.name === deployment.target);
    if (!target) {
      plan.blockers.push({ where: `${entry.name} on ${deployment.target}`, message: `no target named ${deployment.target} (targets: ${state.targets.map((t) => t.name).join(", ")})` });
      continue;
    }
    const wanted = settingsOfEntry(deployment);
    const current = detail?.deployments.find((d) => d.target.id === target.id);
    const live = current && LIVE.has(current.status);
    const running = live ? detail!.settings.get(current.id) : undefined;
    const fields = running ? settingChanges(running, wanted) : [];
    if (live && running && !fields.length) {
      if (current.status === "failed") plan.notes.push(`${entry.name} on ${target.name} failed with these settings; apply leaves it (bulkhead deploy retries it)`);
      continue;
    }
    if (missingSecrets.length) {
      plan.held.push({ app: entry.name, target: target.name, missingSecrets });
      continue;
    }
    plan.changes.push({ kind: "deploy", app: entry.name, target: target.name, targetId: target.id, settings: wanted, why: !current ? "new" : live ? "changed" : "destroyed", fields });
  }
  for (const other of detail?.deployments ?? []) {
    if (LIVE.has(other.status) && !entry.deployments.some((d) => d.target === other.target.name)) plan.notes.push(`${entry.name} also runs on ${other.target.name}, which the file does not name: left alone`);
  }
}

export function planChanges(manifest: Manifest, state: State): ChangePlan {
  const plan: ChangePlan = { changes: [], blockers: [], held: [], notes: [] };
  for (const entry of manifest.apps) {
    const image = state.baseImages.find((i) => i.name === entry.baseImage.name && i.version === entry.baseImage.version);
    if (!image) {
      plan.blockers.push({ where: entry.name, message: `no base image ${entry.baseImage.name} ${entry.baseImage.version} in the catalog` });
      continue;
    }
    appChanges(entry, state, image.id, plan);
    linkChanges(entry, state, plan);
    deploymentChanges(entry, state, plan);
  }
  return plan;
}
