import { randomUUID } from "node:crypto";
import { dbPool, listenTo } from "@/server/db/client";
import type { ChannelListener } from "@/server/db/channel-listener";

// Every request resolves its caller from the session cookie (bench P4: a second round trip beside the procedure's
// own query). This keeps, per process, what that read returned, until Postgres says the session, its user or their
// memberships changed: triggers on those tables NOTIFY `bulkhead_actor` with the user's id when the change commits,
// whichever code made it (migration 20261202160000), and every process listens. A cached entry is used only while
// the listening connection is up; losing it drops every entry, and until LISTEN is back every request reads the
// database. A read that raced a change is not kept: a notice bumps a generation, and a read is stored only if the
// generation it started under is still current when it ends.
//
// What that leaves: a change is seen by a process when Postgres's notice reaches it, which on one host is well under
// a millisecond after commit; a request that process answers in between still sees the caller as before.

const CHANNEL = "bulkhead_actor";
const FENCE = "fence:";
/** Bounds memory; the oldest entry goes first. */
const MAX_ENTRIES = 10_000;
/** A backstop only: entries are dropped by notice, long before this. */
const MAX_AGE_MS = 60_000;
/** How long a revocation waits for its own notice before dropping everything instead. */
const FENCE_WAIT_MS = 2_000;

interface Entry<T> {
  value: T;
  storedAt: number;
}

export class SessionCache<T extends { userId: string }> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly fences = new Map<string, () => void>();
  private live = false;
  private generation = 0;
  readonly listener: ChannelListener;

  constructor() {
    this.listener = listenTo(CHANNEL, {
      onNotice: (payload) => this.onNotice(payload),
      onLive: (live) => {
        this.live = live;
        this.forgetAll();
        if (live) return;
        for (const release of this.fences.values()) release();
        this.fences.clear();
      },
    });
  }

  get(key: string): T | undefined {
    if (!this.live) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (Date.now() - entry.storedAt > MAX_AGE_MS) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Taken just before reading the database, and given back to `store`: null while notices could be missed. */
  ticket(): number | null {
    return this.live ? this.generation : null;
  }

  store(key: string, value: T, ticket: number | null): void {
    if (!this.live || ticket !== this.generation) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, storedAt: Date.now() });
  }

  /**
   * Resolves once every change committed before the call has reached this process: Postgres delivers a channel's
   * notices in commit order, so when a notice sent now arrives, the earlier ones have. What a revocation awaits after
   * its commit. It never fails the change it follows, which has committed: if the fence cannot be sent, or has not
   * come back within `withinMs`, everything kept is dropped instead, which is as good for this process.
   */
  async caughtUp(withinMs = FENCE_WAIT_MS): Promise<void> {
    if (!this.live) return;
    const fence = `${FENCE}${randomUUID()}`;
    let timer: NodeJS.Timeout | undefined;
    const arrived = new Promise<boolean>((resolve) => {
      this.fences.set(fence, () => resolve(true));
      timer = setTimeout(() => resolve(false), withinMs);
    });
    const sent = await dbPool()
      .query("SELECT pg_notify($1, $2)", [CHANNEL, fence])
      .then(() => true, () => false);
    const seen = sent && (await arrived);
    clearTimeout(timer);
    this.fences.delete(fence);
    if (!seen) this.forgetAll();
  }

  private onNotice(payload: string): void {
    if (payload.startsWith(FENCE)) {
      this.fences.get(payload)?.();
      this.fences.delete(payload);
      return;
    }
    this.generation += 1;
    if (payload === "*") return this.entries.clear();
    for (const [key, entry] of this.entries) if (entry.value.userId === payload) this.entries.delete(key);
  }

  private forgetAll(): void {
    this.generation += 1;
    this.entries.clear();
  }
}
