// --wait: follows a deployment until its revision runs, fails or is destroyed, printing each new event of its
// timeline as it comes; on a terminal a progress bar shows where the revision is (queued, applying, accepted,
// running). Polls GET /deployments/{id}: the API's own view, no extra channel.
import { must, type Api, type Schemas } from "./api";
import { CliError, EXIT } from "./exit";
import { say, time } from "./output";

type Deployment = Schemas["Deployment"];
export type Goal = { revision: number } | "destroyed";

const STEPS = ["queued", "applying", "accepted", "running"] as const;

/** How far the revision got, from the events of its timeline. */
function stepOf(events: Deployment["events"], revision: number): number {
  let step = 0;
  for (const event of events.filter((e) => e.revision === revision || e.revision === null)) {
    if (event.status === "queued") step = Math.max(step, 1);
    else if (event.status === "deploying") step = Math.max(step, event.message.includes("accepted") ? 3 : 2);
    else if (event.status === "running") step = 4;
  }
  return step;
}

class Bar {
  private drawn = false;
  constructor(private readonly enabled: boolean) {}
  draw(fraction: number, label: string) {
    if (!this.enabled) return;
    const width = 24;
    const full = Math.round(fraction * width);
    process.stderr.write(`\r\x1b[2K[${"#".repeat(full)}${"-".repeat(width - full)}] ${label}`);
    this.drawn = true;
  }
  clear() {
    if (this.drawn) process.stderr.write("\r\x1b[2K");
    this.drawn = false;
  }
}

export interface WatchOptions {
  quiet: boolean;
  timeoutMs: number;
  intervalMs?: number;
}

/** "done" when the goal is reached, the error when it cannot be any more, null while it is under way. */
function verdict(deployment: Deployment, goal: Goal): "done" | CliError | null {
  if (goal === "destroyed") {
    if (deployment.status === "destroyed") return "done";
    return deployment.status === "failed" ? new CliError(`Destroy failed: ${deployment.statusMessage}`, EXIT.failed) : null;
  }
  if (deployment.desiredRevision > goal.revision) return new CliError(`Revision ${goal.revision} was superseded by revision ${deployment.desiredRevision}`, EXIT.failed);
  if (deployment.status === "running" && deployment.runningRevision === goal.revision) return "done";
  if (deployment.status === "failed") return new CliError(`Revision ${goal.revision} failed: ${deployment.statusMessage}`, EXIT.failed);
  if (deployment.status === "destroying" || deployment.status === "destroyed") return new CliError(`The deployment is ${deployment.status}`, EXIT.failed);
  return null;
}

/** Resolves with the deployment once the goal is reached; throws a CliError (exit 1) when it fails or times out. */
export async function watch(api: Api, id: string, goal: Goal, options: WatchOptions): Promise<Deployment> {
  const seen = new Set<string>();
  const bar = new Bar(!options.quiet && Boolean(process.stderr.isTTY));
  const deadline = Date.now() + options.timeoutMs;
  let first = true;
  for (;;) {
    const deployment = await must(api.GET("/deployments/{id}", { params: { path: { id } } }));
    for (const event of [...deployment.events].reverse().filter((e) => !seen.has(e.id))) {
      seen.add(event.id);
      // Of the history before this command, only the goal revision's own events are news.
      if (first && (goal === "destroyed" || event.revision !== goal.revision)) continue;
      bar.clear();
      if (!options.quiet) say(`${time(event.at)}  ${event.status.padEnd(10)} ${event.message}`);
    }
    first = false;
    const reached = verdict(deployment, goal);
    if (reached) {
      bar.clear();
      if (reached instanceof CliError) throw reached;
      return deployment;
    }
    if (goal === "destroyed") bar.draw(0.5, deployment.status);
    else {
      const step = stepOf(deployment.events, goal.revision);
      bar.draw(step / STEPS.length, `revision ${goal.revision}: ${STEPS[Math.max(step - 1, 0)]}`);
    }
    if (Date.now() > deadline) {
      bar.clear();
      throw new CliError(`Still ${deployment.status} after ${Math.round(options.timeoutMs / 1000)} s; follow it with \`bulkhead status\``, EXIT.failed);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 1000));
  }
}
