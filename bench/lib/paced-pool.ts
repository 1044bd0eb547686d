import { setTimeout as sleep } from "node:timers/promises";

/** Runs `work` for every item with at most `concurrency` at a time. */
export async function eachConcurrently<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/**
 * Many multi-step tasks through `concurrency` slots: a slot runs one step at a time (a cloud call), and a
 * task that must wait (a resource still provisioning) gives its slot up until `retryAfterMs` has passed.
 * `step` returns true when the task is done. Due retries go before new tasks, so started work finishes first.
 */
export async function runPaced<T>(tasks: T[], concurrency: number, retryAfterMs: number, step: (task: T, first: boolean) => Promise<boolean>): Promise<void> {
  const fresh = [...tasks];
  const waiting: { task: T; at: number }[] = [];
  let open = tasks.length;
  const slot = async () => {
    while (open > 0) {
      const now = Date.now();
      const dueIndex = waiting.findIndex((entry) => entry.at <= now);
      let task: T;
      let first = false;
      if (dueIndex >= 0) task = waiting.splice(dueIndex, 1)[0].task;
      else if (fresh.length) [task, first] = [fresh.shift()!, true];
      else {
        const soonest = Math.min(...waiting.map((entry) => entry.at));
        await sleep(Number.isFinite(soonest) ? Math.max(1, soonest - now) : 10);
        continue;
      }
      if (await step(task, first)) open--;
      else waiting.push({ task, at: Date.now() + retryAfterMs });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, slot));
}
