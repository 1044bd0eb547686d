// Trusted signing keys through the real router: operators add them platform-wide or for a team, and only an ECDSA
// P-256 public key is taken (anything else is refused under the field, storing nothing); a key is trusted once per
// scope; developers see the platform's keys and their own teams', never another team's; every change is audited with
// the key's fingerprint.
import { generateKeyPairSync } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { beforeAll, expect, it } from "vitest";
import { labelledSigningKey } from "@/oci/build/signing-key";
import { db } from "@/server/db/client";
import { makeCaller, makeTeam } from "@/testing/callers";

let teamId: string, otherTeamId: string;
let dev: Awaited<ReturnType<typeof makeCaller>>, operator: Awaited<ReturnType<typeof makeCaller>>, compliance: Awaited<ReturnType<typeof makeCaller>>;

const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: TRPCError) => error);
const pem = (label: string) => labelledSigningKey(label).publicKeyPem;

beforeAll(async () => {
  teamId = (await makeTeam("Keys")).id;
  otherTeamId = (await makeTeam("Other keys")).id;
  dev = await makeCaller("developer", [teamId]);
  operator = await makeCaller("operator");
  compliance = await makeCaller("compliance");
});

it("takes only an ECDSA P-256 public key, naming what else it was, and stores nothing refused", async () => {
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "pem" }).toString();
  const p384 = generateKeyPairSync("ec", { namedCurve: "P-384" }).publicKey.export({ type: "spki", format: "pem" }).toString();
  const garbled = `-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----`;
  for (const [publicKey, message] of [
    [rsa, "this is an RSA key"],
    [p384, "this is an ECDSA key on secp384r1"],
    [garbled, "not a public key Bulkhead can read"],
    ["ssh-ed25519 AAAA", "Paste the public key in PEM"],
  ]) {
    const refused = await refusal(operator.caller.signingKeys.add({ teamId: null, name: "Wrong", publicKey }));
    expect(refused?.code).toBe("BAD_REQUEST");
    expect(`${refused?.message} ${JSON.stringify(refused?.cause, (_, value: unknown) => (typeof value === "bigint" ? value.toString() : value))}`).toContain(message);
  }
  expect(await db().signingKey.count()).toBe(0);
});

it("trusts a key once per scope, shows developers the platform's and their teams' keys only, and audits each change", async () => {
  const platformKey = await operator.caller.signingKeys.add({ teamId: null, name: "Release", publicKey: pem("release") });
  expect(platformKey).toMatchObject({ teamId: null, scope: "Platform", name: "Release", fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
  const again = await refusal(operator.caller.signingKeys.add({ teamId: null, name: "Release again", publicKey: pem("release") }));
  expect(again?.code).toBe("CONFLICT");
  expect(again?.message).toBe("This key is already trusted platform-wide");
  // The same key may also be named for a team.
  await operator.caller.signingKeys.add({ teamId, name: "Keys CI", publicKey: pem("release") });
  await operator.caller.signingKeys.add({ teamId: otherTeamId, name: "Other CI", publicKey: pem("other") });

  expect((await dev.caller.signingKeys.list({})).map((key) => `${key.scope}: ${key.name}`)).toEqual(["Platform: Release", "Keys: Keys CI"]);
  expect((await compliance.caller.signingKeys.list({})).map((key) => key.name)).toEqual(["Release", "Keys CI", "Other CI"]);
  expect((await refusal(dev.caller.signingKeys.list({ teamId: otherTeamId })))?.code).toBe("NOT_FOUND");

  expect((await refusal(dev.caller.signingKeys.add({ teamId, name: "Mine", publicKey: pem("mine") })))?.code).toBe("FORBIDDEN");
  expect((await refusal(compliance.caller.signingKeys.remove({ id: platformKey.id })))?.code).toBe("FORBIDDEN");

  await operator.caller.signingKeys.remove({ id: platformKey.id });
  expect((await refusal(operator.caller.signingKeys.remove({ id: platformKey.id })))?.code).toBe("NOT_FOUND");
  const trail = await db().auditEvent.findMany({ where: { resourceId: platformKey.id, outcome: "ok" }, orderBy: { sequence: "asc" } });
  expect(trail.map((event) => [event.action, (event.after ?? event.before) as { fingerprint: string }])).toEqual([
    ["signing-key.add", expect.objectContaining({ fingerprint: platformKey.fingerprint, scope: "Platform" })],
    ["signing-key.remove", expect.objectContaining({ fingerprint: platformKey.fingerprint })],
  ]);
});
