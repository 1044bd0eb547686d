// Team overrides of the platform's encryption policy may only tighten it. Pure: the service calls
// overrideProblems before saving an override, and evaluation combines both with strictest(), which
// cannot loosen even an override saved before the platform policy was raised.
import type { EncryptionPolicy, EncryptionSetting } from "@/providers/types";
import type { EncryptionOverride } from "./schemas";

type BooleanSetting = Exclude<EncryptionSetting, "minTlsVersion">;
const BOOLEAN_SETTINGS: BooleanSetting[] = ["ingressTlsRequired", "httpRedirectToHttps", "serviceToServiceEncrypted", "serviceToServiceMutualAuth", "egressRestricted"];

export interface OverrideProblem {
  /** The policy field, so the form shows the error beside it. */
  field: keyof EncryptionPolicy;
  message: string;
}

/**
 * `platform` with the override's settings applied. A setting the override leaves out or states as
 * undefined (an input may say `{ egressAllowList: undefined }`) follows the platform.
 */
function applied(platform: EncryptionPolicy, override: EncryptionOverride | undefined): EncryptionPolicy {
  const stated = Object.fromEntries(Object.entries(override ?? {}).filter(([, value]) => value !== undefined));
  return { ...platform, ...stated };
}

/** Why applying `override` to `platform` would loosen it, setting by setting; empty when it only tightens. */
export function overrideProblems(platform: EncryptionPolicy, override: EncryptionOverride): OverrideProblem[] {
  const problems: OverrideProblem[] = [];
  const merged = applied(platform, override);
  for (const setting of BOOLEAN_SETTINGS) {
    if (platform[setting] && !merged[setting]) {
      problems.push({ field: setting, message: `The platform requires ${setting}; a team override may only tighten the policy, not turn it off` });
    }
  }
  if (merged.minTlsVersion < platform.minTlsVersion) {
    problems.push({ field: "minTlsVersion", message: `The platform requires TLS ${platform.minTlsVersion} or later; a team override cannot lower it to ${merged.minTlsVersion}` });
  }
  if (platform.egressRestricted) {
    const allowed = new Set(platform.egressAllowList);
    const added = merged.egressAllowList.filter((d) => !allowed.has(d));
    if (added.length) {
      problems.push({ field: "egressAllowList", message: `A team override may only remove egress destinations; the platform does not allow ${added.join(", ")}` });
    }
  }
  return problems;
}

/** Whether `a` asks for at least everything `b` asks for. */
export function isAtLeastAsStrict(a: EncryptionPolicy, b: EncryptionPolicy): boolean {
  if (BOOLEAN_SETTINGS.some((s) => b[s] && !a[s])) return false;
  if (a.minTlsVersion < b.minTlsVersion) return false;
  if (b.egressRestricted) return a.egressAllowList.every((d) => b.egressAllowList.includes(d));
  return true;
}

/** The strictest policy satisfying both: every setting either requires, the higher version, the common destinations. */
export function strictest(a: EncryptionPolicy, b: EncryptionPolicy): EncryptionPolicy {
  const egressAllowList =
    a.egressRestricted && b.egressRestricted ? a.egressAllowList.filter((d) => b.egressAllowList.includes(d)) : a.egressRestricted ? a.egressAllowList : b.egressRestricted ? b.egressAllowList : [];
  return {
    ingressTlsRequired: a.ingressTlsRequired || b.ingressTlsRequired,
    minTlsVersion: a.minTlsVersion > b.minTlsVersion ? a.minTlsVersion : b.minTlsVersion,
    httpRedirectToHttps: a.httpRedirectToHttps || b.httpRedirectToHttps,
    serviceToServiceEncrypted: a.serviceToServiceEncrypted || b.serviceToServiceEncrypted,
    serviceToServiceMutualAuth: a.serviceToServiceMutualAuth || b.serviceToServiceMutualAuth,
    egressRestricted: a.egressRestricted || b.egressRestricted,
    egressAllowList: [...new Set(egressAllowList)].sort(),
  };
}

/** The team's effective policy: its override applied, but never looser than the platform's. */
export function teamEncryption(platform: EncryptionPolicy, override: EncryptionOverride | undefined): EncryptionPolicy {
  return strictest(platform, applied(platform, override));
}
