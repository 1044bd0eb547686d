// What Azure says happened to a container group: the events of its instance view and of each container's, in Azure's
// own words, newest first. Pure.
import type { ContainerGroup, Event as AciEvent } from "@azure/arm-containerinstance";
import type { CloudEvent } from "@/providers/types";

const MAX_EVENTS = 100;

function cloudEvent(event: AciEvent, source: string): CloudEvent | undefined {
  const at = event.lastTimestamp ?? event.firstTimestamp;
  if (!at || !event.message) return undefined;
  // Azure marks failures (a failing probe, a pull error) "Warning"; a kill for a failed probe is "Normal" there, but
  // it is a failure to whoever reads it.
  const failure = event.type === "Warning" || /\bfailed\b/i.test(event.message);
  const repeated = event.count && event.count > 1 ? ` (${event.count} times since ${(event.firstTimestamp ?? at).toISOString()})` : "";
  return { time: at.toISOString(), severity: failure ? "warning" : "normal", message: event.message, source: `${source}${repeated}` };
}

export function eventsOf(group: ContainerGroup): CloudEvent[] {
  const events = [
    ...(group.instanceView?.events ?? []).map((event) => cloudEvent(event, "instance view of container group")),
    ...group.containers.flatMap((container) => (container.instanceView?.events ?? []).map((event) => cloudEvent(event, `instance view of container ${container.name}`))),
  ].filter((event): event is CloudEvent => event !== undefined);
  return events.sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0)).slice(0, MAX_EVENTS);
}
