// Pure helpers every adapter shares to render a spec's policy: which links touch the app, what a
// refusal looks like, and the allow-list's two kinds of destination. No provider knowledge here.
import { ENCRYPTION_SETTINGS } from "./types";
import type { DeploymentSpec, EncryptionPolicy, EncryptionSetting, NetworkLink, SettingEnforcement, SpecProblem } from "./types";

export interface AppLinks {
  /** Links where this app is the callee. */
  inbound: NetworkLink[];
  /** Links where this app is the caller. */
  outbound: NetworkLink[];
}

export function linksOf(spec: DeploymentSpec): AppLinks {
  const links = spec.policy?.links ?? [];
  return { inbound: links.filter((l) => l.to === spec.name), outbound: links.filter((l) => l.from === spec.name) };
}

/** Link problems no provider can fix: a link that does not touch the app, or a port it cannot answer on. */
export function linkProblems(spec: DeploymentSpec): SpecProblem[] {
  const problems: SpecProblem[] = [];
  (spec.policy?.links ?? []).forEach((link, index) => {
    const field = `policy.links.${index}`;
    if (link.from !== spec.name && link.to !== spec.name) problems.push({ field, message: `The link ${link.from} → ${link.to} does not involve ${spec.name}` });
    else if (link.from === link.to) problems.push({ field, message: "An app needs no link to itself" });
    else if (!Number.isInteger(link.port) || link.port < 1 || link.port > 65535) problems.push({ field, message: `Link port must be between 1 and 65535, not ${link.port}` });
    // The app listens on one port only, so an inbound link to any other would route nowhere.
    else if (link.to === spec.name && link.port !== spec.port) problems.push({ field, message: `${spec.name} listens on port ${spec.port}, so a link to it on port ${link.port} would reach nothing` });
  });
  return problems;
}

/** Encryption settings this provider cannot meet become problems naming the setting: the deploy is refused. */
export function encryptionRefusals(enforcement: SettingEnforcement[]): SpecProblem[] {
  return enforcement
    .filter((e) => e.by === "unsupported" && isEncryptionSetting(e.setting))
    .map((e) => ({ field: `policy.encryption.${e.setting}`, message: `${e.setting}: ${e.detail}` }));
}

const ENCRYPTION_KEYS: ReadonlySet<string> = new Set(ENCRYPTION_SETTINGS);
const isEncryptionSetting = (setting: string): setting is EncryptionSetting => ENCRYPTION_KEYS.has(setting);

/** Whether the policy asks for this setting (the minimum version is asked for whenever ingress TLS is). */
export function requires(policy: EncryptionPolicy, setting: EncryptionSetting): boolean {
  return setting === "minTlsVersion" ? policy.ingressTlsRequired : policy[setting];
}

export const notRequired = (setting: EncryptionSetting): SettingEnforcement => ({ setting, by: "not required", construct: "none", detail: "The policy does not ask for this setting" });

const CIDR = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\/(?:3[0-2]|[12]?\d)$/;
export const isCidr = (destination: string) => CIDR.test(destination);

/** A plan's per-setting enforcement: each encryption setting (when the spec carries a policy), then hardening. */
export function enforcementList(spec: DeploymentSpec, encryption: (setting: EncryptionSetting) => SettingEnforcement, hardening: SettingEnforcement[]): SettingEnforcement[] {
  return [...(spec.policy?.encryption ? ENCRYPTION_SETTINGS.map(encryption) : []), ...hardening];
}
