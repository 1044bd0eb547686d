import { hashPassword, verifyPassword } from "better-auth/crypto";
import { metrics } from "@/server/observability/metrics";

/**
 * better-auth's own scrypt hashing, with every comparison counted (bulkhead_password_checks_total): the number
 * the lockout promises to bound, so operators can watch it and tests can hold the promise to it.
 */
export const countedPasswordChecks = {
  hash: hashPassword,
  verify: async (data: { hash: string; password: string }) => {
    metrics().passwordChecks.inc();
    return verifyPassword(data);
  },
};
