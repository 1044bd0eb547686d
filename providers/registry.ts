// The providers Bulkhead knows. Adding a cloud is its folder (its provider.ts: ./provider-module.ts) and one line in
// PROVIDERS; the server, the target form, the sandbox and `npm run emulator` read everything else from here.
// Server-only: the modules bring their adapters and so the clouds' SDKs; the browser gets providerDescriptors().
import type { z } from "zod";
import { awsEcs } from "./aws-ecs/provider";
import { azureAci } from "./azure-aci/provider";
import { gcpCloudRun } from "./gcp-cloud-run/provider";
import { kubernetes } from "./kubernetes/provider";
import type { ProviderDescriptor } from "./provider-descriptor";
import type { CoordinatesSchema, CredentialsSchema, ProviderModule } from "./provider-module";
import type { DeploymentSpec, ProviderAdapter, SettingEnforcement } from "./types";

/**
 * A provider's module with its functions also taken by any provider's values (checked by kind, then given to the
 * module as its own type): what lets one call dispatch over the union without a switch naming each provider.
 */
export interface RegisteredProvider<Kind extends string, Coordinates extends CoordinatesSchema<Kind>, Lasting extends CredentialsSchema<Kind>, Credentials extends { kind: Kind }> {
  kind: Kind;
  module: ProviderModule<Kind, Coordinates, Lasting, Credentials>;
  tlsInfrastructure(coordinates: { kind: string }): string[];
  enforcementOf(spec: DeploymentSpec, coordinates: { kind: string }): SettingEnforcement[];
  credentialIdentity(credentials: { kind: string }): string;
}

function register<const Kind extends string, Coordinates extends CoordinatesSchema<Kind>, Lasting extends CredentialsSchema<Kind>, Credentials extends { kind: Kind }>(
  module: ProviderModule<Kind, Coordinates, Lasting, Credentials>,
): RegisteredProvider<Kind, Coordinates, Lasting, Credentials> {
  // Kinds are unique in PROVIDERS (registry.test.ts), so a value of this kind is one of this provider's.
  function ownCoordinates(value: { kind: string }): asserts value is { kind: string } & z.output<Coordinates> {
    if (value.kind !== module.kind) throw new Error(`Coordinates of a ${value.kind} target given to the ${module.kind} provider`);
  }
  function ownCredentials(value: { kind: string }): asserts value is { kind: string } & Credentials {
    if (value.kind !== module.kind) throw new Error(`Credentials for ${value.kind} given to the ${module.kind} provider`);
  }
  return {
    kind: module.kind,
    module,
    tlsInfrastructure: (coordinates) => (ownCoordinates(coordinates), module.tlsInfrastructure(coordinates)),
    enforcementOf: (spec, coordinates) => (ownCoordinates(coordinates), module.enforcementOf(spec, coordinates)),
    credentialIdentity: (credentials) => (ownCredentials(credentials), module.credentialIdentity(credentials)),
  };
}

export const PROVIDERS = [register(awsEcs), register(azureAci), register(gcpCloudRun), register(kubernetes)] as const;

type Registered = (typeof PROVIDERS)[number];
export type ProviderKind = Registered["kind"];
/** Where one target's deployments go: one registered provider's coordinates. */
export type TargetCoordinates = z.output<Registered["module"]["coordinates"]>;
/** Secrets to call a cloud (lasting ones, or the tokens the adapters' tests use). Never logged, never returned to a browser, never in an audit diff. */
export type ProviderCredentials = Parameters<Registered["module"]["credentialIdentity"]>[0];
/** The credentials a target may hold: one registered provider's lasting credentials. */
export type LastingCredentials = z.output<Registered["module"]["credentials"]>;

const [first, ...rest] = PROVIDERS;
/** The registered kinds, as a non-empty tuple (z.enum takes one). */
export const PROVIDER_KINDS = [first.kind, ...rest.map((provider) => provider.kind)] as const;
/** Each provider's coordinates schema, as z.discriminatedUnion("kind", …) takes them. */
export const COORDINATE_SCHEMAS = [first.module.coordinates, ...rest.map((provider) => provider.module.coordinates)] as const;
/** Each provider's lasting-credentials schema, as z.discriminatedUnion("kind", …) takes them. */
export const CREDENTIAL_SCHEMAS = [first.module.credentials, ...rest.map((provider) => provider.module.credentials)] as const;

export function providerFor(kind: string): Registered {
  const provider = PROVIDERS.find((candidate) => candidate.kind === kind);
  if (!provider) throw new Error(`No provider of kind "${kind}" (registered: ${PROVIDER_KINDS.join(", ")})`);
  return provider;
}

export function isProviderKind(kind: string): kind is ProviderKind {
  return PROVIDERS.some((provider) => provider.kind === kind);
}

export function adapterFor(kind: string): ProviderAdapter {
  return providerFor(kind).module.adapter;
}

/** The image platform a target of this kind runs (os/architecture). */
export function imagePlatformOf(kind: string): { os: string; architecture: string } {
  return providerFor(kind).module.imagePlatform;
}

/** Pure: what enforces each setting of `spec` at these coordinates, so policy evaluation needs no I/O. */
export function enforcementFor(spec: DeploymentSpec, coordinates: TargetCoordinates): SettingEnforcement[] {
  return providerFor(coordinates.kind).enforcementOf(spec, coordinates);
}

/** What a target offers for encryption in transit, in words, for the operators' targets list. */
export function tlsInfrastructure(coordinates: TargetCoordinates): string[] {
  return providerFor(coordinates.kind).tlsInfrastructure(coordinates);
}

/** Who credentials identify, in words, revealing no secret. */
export function credentialIdentity(credentials: ProviderCredentials): string {
  return providerFor(credentials.kind).credentialIdentity(credentials);
}

/** The name people read for a kind; the kind itself for one no longer registered. */
export function displayNameOf(kind: string): string {
  return PROVIDERS.find((provider) => provider.kind === kind)?.module.displayName ?? kind;
}

/** The coordinates that say where a target's deployments live, `kind` first: never changed on an existing target. */
export function identityFieldsOf(kind: string): string[] {
  return ["kind", ...providerFor(kind).module.identityFields];
}

/** The plain-data descriptions the browser gets (no zod, no SDK): names, form fields, fields never edited. */
export function providerDescriptors(): ProviderDescriptor[] {
  return PROVIDERS.map(({ kind, module }) => ({
    kind,
    displayName: module.displayName,
    form: module.form,
    identityPaths: module.identityFields.map((field) => (field === "region" ? "region" : `coordinates.${field}`)),
  }));
}
