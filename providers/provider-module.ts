// What a provider says about itself, so the server, the target form, the sandbox and `npm run emulator` need no line of
// their own per cloud: adding a provider is its folder and one line in ./registry.ts. Everything here is server-side
// (the adapter brings the cloud's SDK); the browser gets the plain-data part (./provider-descriptor.ts) from the server.
//
// Types flow one way to avoid inference cycles: a provider's schemas file (e.g. aws-ecs/target-schema.ts) imports only
// zod and ./target-schema-fields.ts; its coordinate and credential types are that file's z.infer; the registry's unions
// (ProviderKind, TargetCoordinates, ProviderCredentials) are made of those.
import type { z } from "zod";
import type { EmulatorOptions, RunningEmulator } from "./emulator-types";
import type { FormField } from "./provider-descriptor";
import type { DeploymentSpec, ProviderAdapter, SettingEnforcement } from "./types";

/** A provider's coordinates schema: an object whose `kind` is the provider's literal and that has a `region`. */
export type CoordinatesSchema<Kind extends string> = z.ZodObject<{ kind: z.ZodLiteral<Kind>; region: z.ZodType<string> } & z.ZodRawShape>;
/** A provider's lasting-credentials schema: an object whose `kind` is the provider's literal. */
export type CredentialsSchema<Kind extends string> = z.ZodObject<{ kind: z.ZodLiteral<Kind> } & z.ZodRawShape>;

/** What the sandbox gives every cloud it starts. */
export interface SandboxContext {
  /** Time from an accepted create until a resource runs (the emulator's provisionDelayMs). */
  provisionDelayMs?: number;
  /** Time between two health-check probes of a simulated container (EmulatorOptions.probePeriodMs). */
  probePeriodMs?: number;
  /** How long every token and role session lasts. */
  tokenLifetimeSeconds: number;
  /** Where an emulator that keeps state keeps it between starts; unset: memory only. */
  stateDir?: string;
  /** A certificate for 127.0.0.1 and its key, shared by the HTTPS front doors and token services. */
  tls: { key: string; cert: string };
  /** A new RSA certificate for 127.0.0.1 under `commonName`, and its key (e.g. a service principal's). */
  certificate(commonName: string): Promise<{ key: string; cert: string }>;
}

/** The target the sandbox registers on one cloud, as an operator would enter it. */
export interface SandboxTarget<Coordinates, Credentials> {
  /** The target's name, e.g. "sandbox-aws-ecs": the browser journeys find it by name. */
  name: string;
  coordinates: Coordinates;
  credentials: Credentials;
  /** Placement labels besides residency=eu and sandbox=true (e.g. zone). */
  labels: Record<string, string>;
  /** The API endpoint to give the target (the token-checking front door where there is one). */
  endpoint: string;
  /** PEM to trust for the endpoint, where it is HTTPS. */
  caCertificate?: string;
}

/** One cloud of the sandbox, started: its API, token services and front door, and the target that reaches them. */
export interface SandboxCloud<Coordinates, Credentials> {
  target: SandboxTarget<Coordinates, Credentials>;
  /** The cloud's API emulator itself (behind any front door), for tests and the launcher. */
  emulator: RunningEmulator;
  /**
   * What `npm run emulator -- clouds` prints for this cloud, for programs (the browser journeys) to type into the target
   * form: the endpoint, the credentials and the ids an operator would know.
   */
  details: Record<string, unknown>;
  /** The token service's name ("sts", "entra", "google") and the tokens or sessions it has handed out, by subject. */
  tokens: { service: string; issued(): Record<string, number> };
  /** Calls the front door refused for their token (expired, unknown), by reason; absent without a front door. */
  refusals?(): Record<string, number>;
  /** Stops everything this cloud started. */
  stop(): Promise<void>;
}

/** A provider's module, as ./registry.ts lists it. `Credentials` is what its adapter accepts (lasting credentials and test tokens). */
export interface ProviderModule<
  Kind extends string,
  Coordinates extends CoordinatesSchema<Kind>,
  Lasting extends CredentialsSchema<Kind>,
  Credentials extends { kind: Kind },
> {
  /** The provider kind stored on targets, e.g. "aws-ecs": lowercase letters, digits, hyphens. */
  kind: Kind;
  /** The name people read, e.g. "AWS ECS (Fargate)". */
  displayName: string;
  /** Where a target's deployments go: zod schema with `kind` (this provider's literal), `region` and the rest. */
  coordinates: Coordinates;
  /** The coordinates (besides `kind`, e.g. ["region", "cluster"]) that say where a target's deployments live: never changed on an existing target. */
  identityFields: readonly (keyof z.output<Coordinates> & string)[];
  /** The lasting credentials a target may hold (no static tokens): zod schema, with `kind`. */
  credentials: Lasting;
  /** Who the credentials identify, in words, revealing no secret, e.g. "access key AKIA…MPLE assuming …". */
  credentialIdentity(credentials: Credentials): string;
  /**
   * The target form's inputs, by group: `coordinates` (besides kind and region), `credentials`, and `tls` (the optional
   * TLS infrastructure, a nested group sent only when one of its text fields is filled). Paths are createTargetInput's.
   */
  form: { coordinates: FormField[]; credentials: FormField[]; tls: FormField[] };
  /** What a target offers for encryption in transit, in words, for the targets list. */
  tlsInfrastructure(coordinates: z.output<Coordinates>): string[];
  /**
   * The image platform (OCI `os`/`architecture`) its containers run as this provider's plan places them: a deploy's image
   * must offer it (server/deployments/image-resolution.ts).
   */
  imagePlatform: { os: string; architecture: string };
  /** Pure: what enforces each policy setting of `spec` on a target at `coordinates` (the provider's policy-enforcement.ts). */
  enforcementOf(spec: DeploymentSpec, coordinates: z.output<Coordinates>): SettingEnforcement[];
  /** The adapter (server-only: it brings the cloud's SDK). */
  adapter: ProviderAdapter;
  /** The wire-compatible emulator, loaded only when wanted (`npm run emulator -- <kind>`). */
  emulator(): Promise<{ startEmulator(options: EmulatorOptions): Promise<RunningEmulator> }>;
  /**
   * Starts this cloud for the sandbox: its emulator, token services and front door, and what to register. Loaded only when
   * called (an import() inside), so the emulators never load in the dashboard, which bundles the registry for the adapters.
   */
  sandbox(context: SandboxContext): Promise<SandboxCloud<z.output<Coordinates>, Credentials>>;
  /**
   * For providers/emulator-independence.test.ts: this provider's files that answer as the cloud (emulator, token services,
   * front doors) and those that decide what Bulkhead sends or calls enforced (plan, policy rendering, target description), as
   * paths relative to providers/, e.g. "aws-ecs/emulator.ts".
   */
  files: { emulators: string[]; planners: string[] };
}
