// What Cloud Run says happened to a service: the conditions of the service and of its revisions (Ready,
// ResourcesAvailable, ContainerHealthy, RoutesReady… as the Admin API reports them), each with the time it last changed
// and Cloud Run's own message, newest first. The Admin API keeps no event log; a condition is Cloud Run's latest word on
// one aspect of one resource, and each revision keeps its own, so a failed rollout stays visible after the next. Pure.
import { protos } from "@google-cloud/run";
import type { CloudEvent } from "../types";

type Service = protos.google.cloud.run.v2.IService;
type Revision = protos.google.cloud.run.v2.IRevision;
type Condition = protos.google.cloud.run.v2.ICondition;

const MAX_EVENTS = 100;
/** The newest revisions read: three conditions each, so with the service's they fill the 100 events. */
export const REVISIONS_READ = 33;
const { State } = protos.google.cloud.run.v2.Condition;

/** Enums arrive as names over gRPC and as numbers from operations: read either as the name. */
const stateName = (state: Condition["state"]) => (typeof state === "number" ? State[state] : (state ?? "STATE_UNSPECIFIED"));
const reasonName = (condition: Condition) => String(condition.reason ?? condition.revisionReason ?? condition.executionReason ?? "");
/** int64 seconds come as a string, a number or a Long. */
const timeOf = (condition: Condition) => (condition.lastTransitionTime ? Number(String(condition.lastTransitionTime.seconds ?? 0)) * 1000 + Math.floor((condition.lastTransitionTime.nanos ?? 0) / 1e6) : undefined);

function eventOf(condition: Condition, source: string): CloudEvent | undefined {
  const at = timeOf(condition);
  if (at === undefined || !condition.type) return undefined;
  const state = stateName(condition.state);
  const failed = state === "CONDITION_FAILED" || /FAILED|ERROR/.test(reasonName(condition));
  return { time: new Date(at).toISOString(), severity: failed ? "warning" : "normal", message: condition.message || `${condition.type}: ${state}`, source: `${source} condition ${condition.type}` };
}

const shortName = (name: string | null | undefined) => name?.split("/").pop() ?? "";

export function eventsOf(service: Service, revisions: Revision[] = []): CloudEvent[] {
  const seen = new Set<string>();
  const conditions: [Condition | null | undefined, string][] = [
    ...[service.terminalCondition, ...(service.conditions ?? [])].map((condition): [Condition | null | undefined, string] => [condition, `service ${shortName(service.name)}`]),
    ...revisions.flatMap((revision) => (revision.conditions ?? []).map((condition): [Condition, string] => [condition, `revision ${shortName(revision.name)}`])),
  ];
  const events = conditions
    .filter((pair): pair is [Condition, string] => !!pair[0])
    .map(([condition, source]) => eventOf(condition, source))
    .filter((event): event is CloudEvent => {
      if (!event) return false;
      // The terminal condition is also among the conditions: one event for it.
      const key = JSON.stringify(event);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  return events.sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0)).slice(0, MAX_EVENTS);
}
