import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MissingKeysError, resolveSharedKeys } from "./replica-secrets";

describe("the keys replicas share", () => {
  it("outside the sandbox come from the environment: a missing one is refused by name, with how to make it, and nothing is generated", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "bulkhead-keys-"));
    const env: Record<string, string | undefined> = { BULKHEAD_AUTH_SECRET: "a".repeat(40) };
    const refusal = await resolveSharedKeys({ sandbox: false, dataDir, env }).catch((error: Error) => error);
    expect(refusal).toBeInstanceOf(MissingKeysError);
    expect((refusal as Error).message).toBe(
      "BULKHEAD_SANDBOX=0: BULKHEAD_CREDENTIALS_KEY, BULKHEAD_SECRETS_KEY, BULKHEAD_AUDIT_SIGNING_KEY are not set. Outside the sandbox Bulkhead does not generate keys for itself: " +
        "every replica must use the same ones, from the environment. Make them once and give them to every replica: " +
        "BULKHEAD_CREDENTIALS_KEY=$(openssl rand -base64 32) BULKHEAD_SECRETS_KEY=$(openssl rand -base64 32) BULKHEAD_AUDIT_SIGNING_KEY=$(openssl genpkey -algorithm ed25519)",
    );
    expect(env.BULKHEAD_CREDENTIALS_KEY).toBeUndefined();
    await expect(readFile(path.join(dataDir, "credentials-key"))).rejects.toThrow(/ENOENT/);
  });

  it("in the sandbox are made once in its data folder and read back by the next process", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "bulkhead-keys-"));
    const first: Record<string, string | undefined> = {};
    const second: Record<string, string | undefined> = {};
    await resolveSharedKeys({ sandbox: true, dataDir, env: first });
    await resolveSharedKeys({ sandbox: true, dataDir, env: second });
    expect(Buffer.from(first.BULKHEAD_CREDENTIALS_KEY!, "base64")).toHaveLength(32);
    expect(Buffer.from(first.BULKHEAD_SECRETS_KEY!, "base64")).toHaveLength(32);
    for (const name of ["BULKHEAD_AUTH_SECRET", "BULKHEAD_CREDENTIALS_KEY", "BULKHEAD_SECRETS_KEY", "BULKHEAD_METRICS_TOKEN"]) expect(second[name]).toBe(first[name]);
  });
});
