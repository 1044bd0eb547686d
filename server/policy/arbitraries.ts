// fast-check generators of policy inputs, shared by the property-based tests (test-only).
import fc from "fast-check";
import type { EncryptionPolicy } from "@/providers/types";
import type { EncryptionOverride } from "./schemas";

const destinations = ["api.stripe.com", "*.example.com", "10.0.0.0/8", "192.168.1.0/24"];
export const encryptionArb: fc.Arbitrary<EncryptionPolicy> = fc.record({
  ingressTlsRequired: fc.boolean(),
  minTlsVersion: fc.constantFrom("1.2" as const, "1.3" as const),
  httpRedirectToHttps: fc.boolean(),
  serviceToServiceEncrypted: fc.boolean(),
  serviceToServiceMutualAuth: fc.boolean(),
  egressRestricted: fc.boolean(),
  egressAllowList: fc.subarray(destinations),
});
export const overrideArb: fc.Arbitrary<EncryptionOverride> = fc.record(
  {
    ingressTlsRequired: fc.boolean(),
    minTlsVersion: fc.constantFrom("1.2" as const, "1.3" as const),
    httpRedirectToHttps: fc.boolean(),
    serviceToServiceEncrypted: fc.boolean(),
    serviceToServiceMutualAuth: fc.boolean(),
    egressRestricted: fc.boolean(),
    egressAllowList: fc.subarray(destinations),
  },
  { requiredKeys: [] },
);
