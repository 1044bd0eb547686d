// What the adapters' log tests wait for, once: a resource reaching a state, and every line a logs() iterable gives.
import type { ResourceStatus } from "../types";

/** Reads the status every `every` ms until `done` holds; past `ms`, fails naming the last phase, message and what was wanted. */
export async function untilStatus(read: () => Promise<ResourceStatus>, done: (status: ResourceStatus) => boolean, wanted: string, { ms = 5_000, every = 50 } = {}): Promise<ResourceStatus> {
  const deadline = Date.now() + ms;
  for (;;) {
    const status = await read();
    if (done(status)) return status;
    if (Date.now() > deadline) throw new Error(`still ${status.phase} (${status.message}), wanted ${wanted}`);
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}

/** Every item of an iterable that ends (logs() without follow, or a follower whose signal aborts). */
export async function drain<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
