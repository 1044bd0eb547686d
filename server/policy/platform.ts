import type { PlatformPolicy } from "./schemas";

/**
 * The built-in platform policy, in force until an operator saves one (policy.setPlatform). Encryption in transit asks for what every sandbox target can enforce natively (ingress
 * and service-to-service TLS are the operators' switch to raise once targets provide the listeners, sidecars
 * and load balancers that enforce them); hardening is always asked for, and stated where a provider cannot
 * apply it; placement follows the classification.
 */
export const PLATFORM_POLICY: PlatformPolicy = {
  encryption: {
    ingressTlsRequired: false,
    minTlsVersion: "1.2",
    httpRedirectToHttps: false,
    serviceToServiceEncrypted: false,
    serviceToServiceMutualAuth: false,
    egressRestricted: false,
    egressAllowList: [],
  },
  hardening: { nonRoot: true, readOnlyRootFilesystem: true, noPrivileged: true, dropCapabilities: true },
  placement: {
    regulated: [
      { label: "residency", anyOf: ["eu", "ch"] },
      { label: "zone", anyOf: ["private"] },
      { label: "confidential-compute", anyOf: ["true"] },
    ],
    confidential: [{ label: "zone", anyOf: ["private"] }],
  },
  // Images in registries without credentials still deploy unresolved, and unsigned, until an operator asks for more.
  images: { unverifiedBase: "warn", signaturesRequiredFor: [] },
  // Teams classify their own apps until an operator asks for more.
  apps: { classificationChanges: "team" },
};
