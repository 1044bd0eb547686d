// Makes a change plan so, through the same API calls a person's token would make (each audited as the token):
// apps first, then link requests, then deployments. Policy is asked first (the preview, as `diff` shows it), so a
// refused deployment stops apply before anything changes; a deployment of an app created in this run is previewed
// once the app exists.
import { must, type Api, type Schemas } from "../lib/api";
import { CliError, EXIT } from "../lib/exit";
import type { Change, ChangePlan } from "./changes";
import type { State } from "./state";

type Deploy = Extract<Change, { kind: "deploy" }>;
export type Verdicts = Map<Deploy, Schemas["PolicyDecision"] | null>;

/** Policy's verdict on each deployment of an app that exists already (null: judged once the app is created). */
export async function verdicts(api: Api, plan: ChangePlan, state: State): Promise<Verdicts> {
  const found: Verdicts = new Map();
  for (const change of plan.changes) {
    if (change.kind !== "deploy") continue;
    const app = state.apps.get(change.app);
    if (!app) continue;
    const preview = await must(api.POST("/deployments/preview", { body: { appId: app.id, targetId: change.targetId, ...change.settings } }));
    found.set(change, preview.decision);
  }
  return found;
}

const refusedBy = (decision: Schemas["PolicyDecision"] | null | undefined) => (decision && !decision.allowed ? decision.reasons.map((r) => r.message) : null);

export interface Applied {
  change: Change;
  /** For deployments: the revision queued. */
  queued?: Schemas["RevisionQueued"];
}

/** Applies every change in order; throws a CliError (exit 3) when policy refuses a deployment, before making it. */
export async function applyPlan(api: Api, plan: ChangePlan, state: State, known: Verdicts, onApplied: (applied: Applied) => void): Promise<Applied[]> {
  for (const [change, decision] of known) {
    const reasons = refusedBy(decision);
    if (reasons) throw new CliError(`Refused by policy: ${change.app} on ${change.target}; nothing was changed`, EXIT.policy, reasons);
  }
  const appIds = new Map([...state.apps].map(([name, app]) => [name, app.id]));
  const done: Applied[] = [];
  const record = (applied: Applied) => {
    done.push(applied);
    onApplied(applied);
  };
  for (const change of plan.changes) {
    if (change.kind === "create-app") {
      const app = await must(api.POST("/apps", { body: change.input }));
      appIds.set(app.name, app.id);
      record({ change });
    } else if (change.kind === "update-app") {
      await must(api.PATCH("/apps/{id}", { params: { path: { id: change.appId } }, body: change.input }));
      record({ change });
    }
  }
  for (const change of plan.changes) {
    if (change.kind !== "request-link") continue;
    const body = { fromAppId: appIds.get(change.app)!, toAppId: appIds.get(change.to) ?? change.to, port: change.port, reason: change.reason };
    await must(api.POST("/links", { body }));
    record({ change });
  }
  for (const change of plan.changes) {
    if (change.kind !== "deploy") continue;
    const body = { appId: appIds.get(change.app)!, targetId: change.targetId, ...change.settings };
    if (!known.has(change)) {
      const reasons = refusedBy((await must(api.POST("/deployments/preview", { body }))).decision);
      if (reasons) throw new CliError(`Refused by policy: ${change.app} on ${change.target} (the changes before it were made)`, EXIT.policy, reasons);
    }
    record({ change, queued: await must(api.POST("/deployments", { body })) });
  }
  return done;
}
