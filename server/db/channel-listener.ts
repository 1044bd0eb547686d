import pg from "pg";

// A connection of its own, outside the pool, that LISTENs on one channel: Postgres hands it each NOTIFY sent on that
// channel once the sending transaction commits. Whoever relies on the notices must know when they might have been
// missed: `onLive(false)` is called the moment the connection is lost (notices sent meanwhile are gone for good),
// `onLive(true)` once LISTEN is in place again. It reconnects by itself until stopped.

export interface ChannelHandlers {
  onNotice(payload: string): void;
  onLive(live: boolean): void;
}

const RETRY_MS = [250, 1_000, 5_000];

export class ChannelListener {
  private client: pg.Client | null = null;
  private halted = false;
  private failures = 0;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly connectionString: string,
    private readonly channel: string,
    private readonly handlers: ChannelHandlers,
    private readonly connectTimeoutMs: number,
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name LISTEN takes unquoted: ${channel}`);
  }

  /** Once stopped it never listens again: make a new one. */
  get stopped(): boolean {
    return this.halted;
  }

  start(): void {
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.halted) return;
    const client = new pg.Client({ connectionString: this.connectionString, connectionTimeoutMillis: this.connectTimeoutMs });
    this.client = client;
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      this.handlers.onLive(false);
      if (this.client === client) this.client = null;
      client.end().catch(() => undefined);
      this.scheduleRetry();
    };
    client.on("error", onLost);
    client.on("end", onLost);
    client.on("notification", (message) => {
      if (message.channel === this.channel) this.handlers.onNotice(message.payload ?? "");
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
      if (this.halted || lost) return void client.end().catch(() => undefined);
      this.failures = 0;
      this.handlers.onLive(true);
    } catch {
      onLost();
    }
  }

  private scheduleRetry(): void {
    if (this.halted) return;
    const delay = RETRY_MS[Math.min(this.failures, RETRY_MS.length - 1)];
    this.failures += 1;
    this.retry = setTimeout(() => void this.connect(), delay);
    // A process with nothing else to do may exit: waiting to listen again is no reason to stay.
    this.retry.unref();
  }

  async stop(): Promise<void> {
    this.halted = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    this.handlers.onLive(false);
    await client?.end().catch(() => undefined);
  }
}
