// The sandbox's clouds as a real installation meets them: each registered provider's sandbox (its provider.ts) starts
// the cloud's API (the emulator) behind a front door that checks tokens, and the token services the official
// credential libraries get those tokens from. Tokens last `tokenLifetimeSeconds`, short on purpose, so anything that
// does not renew them fails within minutes. All on 127.0.0.1, in one process; `npm run emulator -- clouds` runs it on
// its own and prints what to register.
import { generate } from "selfsigned";
import type { SandboxCloud } from "./provider-module";
import { PROVIDERS, type ProviderCredentials, type ProviderKind, type TargetCoordinates } from "./registry";

export interface CloudSandboxOptions {
  /** Time from an accepted create until a resource runs (each emulator's provisionDelayMs). */
  provisionDelayMs?: number;
  /** Time between two health-check probes of a simulated container, each a log line; unset: 2 s, so logs move while watched. */
  probePeriodMs?: number;
  /** How long every token and role session lasts. */
  tokenLifetimeSeconds?: number;
  /** Where the emulators that keep state keep it between starts (the launcher's data folder); unset: memory only. */
  stateDir?: string;
}

const SANDBOX_PROBE_PERIOD_MS = 2000;

/** One started cloud of the sandbox, and its kind. */
export type StartedCloud = SandboxCloud<TargetCoordinates, ProviderCredentials> & { kind: ProviderKind };

export interface CloudSandbox {
  /** Every registered provider's cloud, in the registry's order. */
  clouds: StartedCloud[];
  /** The cloud of one kind; throws for a kind the sandbox did not start. */
  cloud(kind: ProviderKind): StartedCloud;
  tokenLifetimeSeconds: number;
  /** Tokens and role sessions handed out so far, per token service ("sts", "entra", "google", …) and subject. */
  tokensIssued(): Record<string, Record<string, number>>;
  /** Calls the front doors refused for their token (expired, unknown), per cloud. */
  refusals(): Partial<Record<ProviderKind, Record<string, number>>>;
  stop(): Promise<void>;
}

/** A certificate for 127.0.0.1 (TLS clients check the subjectAltName) and its key; RSA so it can also sign assertions. */
async function certificate(commonName: string): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: "commonName", value: commonName }], {
    keyType: "rsa",
    keySize: 2048,
    algorithm: "sha256",
    extensions: [{ name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] }],
  });
  return { key: pems.private, cert: pems.cert };
}

export async function startCloudSandbox(options: CloudSandboxOptions = {}): Promise<CloudSandbox> {
  const tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 900;
  const context = { provisionDelayMs: options.provisionDelayMs, probePeriodMs: options.probePeriodMs ?? SANDBOX_PROBE_PERIOD_MS, tokenLifetimeSeconds, stateDir: options.stateDir, tls: await certificate("127.0.0.1"), certificate };
  const clouds: StartedCloud[] = [];
  const stop = async () => void (await Promise.all(clouds.map((cloud) => cloud.stop())));
  try {
    for (const provider of PROVIDERS) clouds.push({ kind: provider.kind, ...(await provider.module.sandbox(context)) });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    clouds,
    cloud(kind) {
      const found = clouds.find((cloud) => cloud.kind === kind);
      if (!found) throw new Error(`The sandbox has no ${kind} cloud`);
      return found;
    },
    tokenLifetimeSeconds,
    tokensIssued: () => Object.fromEntries(clouds.map((cloud) => [cloud.tokens.service, cloud.tokens.issued()])),
    refusals: () => Object.fromEntries(clouds.flatMap((cloud) => (cloud.refusals ? [[cloud.kind, cloud.refusals()]] : []))),
    stop,
  };
}
