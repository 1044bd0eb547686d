import { describe, expect, it } from "vitest";
import { serverEnv, setting } from "./env";

const required = { DATABASE_URL: "postgres://localhost/bulkhead", BULKHEAD_AUTH_SECRET: "a".repeat(40) };

describe("setting", () => {
  it("applies the default when the variable is unset", () => {
    expect(setting("BULKHEAD_JOB_LEASE_SECONDS", {})).toBe(60);
    expect(setting("BULKHEAD_WORKERS", {})).toBe("1");
    expect(setting("BULKHEAD_LOG_LEVEL", {})).toBe("info");
    expect(setting("BULKHEAD_DATA_DIR", {})).toBeUndefined();
  });

  it("parses the value given", () => {
    expect(setting("BULKHEAD_SHUTDOWN_SECONDS", { BULKHEAD_SHUTDOWN_SECONDS: "3" })).toBe(3);
    expect(setting("BULKHEAD_TRUST_PROXY", { BULKHEAD_TRUST_PROXY: "1" })).toBe("1");
  });

  it("refuses a bad value with an error naming the variable, and checks no other", () => {
    expect(() => setting("BULKHEAD_READY_TIMEOUT_SECONDS", { BULKHEAD_READY_TIMEOUT_SECONDS: "ten minutes" })).toThrow(
      /^Invalid configuration: BULKHEAD_READY_TIMEOUT_SECONDS: BULKHEAD_READY_TIMEOUT_SECONDS must be a number of seconds$/,
    );
    expect(() => setting("BULKHEAD_AUDIT_CHECKPOINT_SECONDS", { BULKHEAD_AUDIT_CHECKPOINT_SECONDS: "-5" })).toThrow(/BULKHEAD_AUDIT_CHECKPOINT_SECONDS must be a positive number of seconds/);
    expect(() => setting("BULKHEAD_WORKERS", { BULKHEAD_WORKERS: "yes" })).toThrow(/BULKHEAD_WORKERS: BULKHEAD_WORKERS must be 0 or 1/);
    expect(() => setting("BULKHEAD_LOG_LEVEL", { BULKHEAD_LOG_LEVEL: "loud" })).toThrow(/BULKHEAD_LOG_LEVEL/);
    // DATABASE_URL and BULKHEAD_AUTH_SECRET are missing, yet one setting alone is read.
    expect(setting("BULKHEAD_PUBLIC_URL", { BULKHEAD_PUBLIC_URL: "https://bulkhead.example.com" })).toBe("https://bulkhead.example.com");
  });

  it("names the variable, never its value: several are secrets", () => {
    const secret = "not-long-enough-secret";
    expect(() => setting("BULKHEAD_AUTH_SECRET", { BULKHEAD_AUTH_SECRET: secret })).toThrow(/BULKHEAD_AUTH_SECRET must be at least 32 characters/);
    try {
      setting("BULKHEAD_AUTH_SECRET", { BULKHEAD_AUTH_SECRET: secret });
    } catch (error) {
      expect((error as Error).message).not.toContain(secret);
    }
  });

  it("says how to start when DATABASE_URL is missing", () => {
    expect(() => setting("DATABASE_URL", {})).toThrow(/DATABASE_URL is not set: start Bulkhead with `npm start`/);
  });
});

describe("serverEnv", () => {
  it("reads every setting, defaults applied", () => {
    const env = serverEnv(required);
    expect(env).toMatchObject({ PORT: 3000, BULKHEAD_SANDBOX: "0", BULKHEAD_DB_POOL_TIMEOUT_SECONDS: 5, BULKHEAD_SECRETS_RETIRED_KEYS: "" });
  });

  it("names every variable that does not parse", () => {
    expect(() => serverEnv({ ...required, BULKHEAD_DB_STATEMENT_TIMEOUT_SECONDS: "0", BULKHEAD_SMTP_URL: "mail server" })).toThrow(
      /^Invalid configuration: BULKHEAD_DB_STATEMENT_TIMEOUT_SECONDS: .*positive.*; BULKHEAD_SMTP_URL: BULKHEAD_SMTP_URL must be a URL/,
    );
  });
});
