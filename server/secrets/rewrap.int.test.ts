// Installation key rotation: versions sealed under the old key open while it is listed as retired; `rewrapAll` moves
// every data key under the new key (audited), after which the old key is no longer needed, and a second run does nothing.
import { randomBytes } from "node:crypto";
import { afterAll, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { stopQueue } from "@/server/jobs/queue";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";
import { openValue } from "./envelope";
import { currentKey } from "./installation-key";
import { rewrapAll } from "./rewrap";

afterAll(() => stopQueue());

it("re-wraps every data key under the new installation key, resumably and audited", async () => {
  const team = await makeTeam("Rotate");
  const dev = await makeCaller("developer", [team.id]);
  const app = await dev.caller.apps.create({ teamId: team.id, name: "rotate", description: "", classification: "internal", baseImageId: (await makeBaseImage()).id });
  const values = Array.from({ length: 3 }, (_, i) => `value-${i}-${randomBytes(4).toString("hex")}`);
  for (const [i, value] of values.entries()) await dev.caller.secrets.set({ appId: app.id, name: `SECRET_${i}`, value });
  const oldKey = process.env.BULKHEAD_SECRETS_KEY!;
  const oldId = currentKey().id;

  process.env.BULKHEAD_SECRETS_KEY = randomBytes(32).toString("base64");
  process.env.BULKHEAD_SECRETS_RETIRED_KEYS = oldKey;
  const progress: string[] = [];
  const result = await rewrapAll((done, total) => progress.push(`${done}/${total}`));
  expect(result).toEqual({ rewrapped: 3, keyId: currentKey().id });
  expect(progress).toEqual(["3/3"]);

  delete process.env.BULKHEAD_SECRETS_RETIRED_KEYS;
  const versions = await db().appSecretVersion.findMany({ include: { secret: { select: { name: true } } }, orderBy: { secret: { name: "asc" } } });
  expect(versions.map((v) => v.keyId)).toEqual(Array(3).fill(currentKey().id));
  expect(versions.map((v) => openValue(v, `${v.secretId}:${v.version}`))).toEqual(values);
  const audited = await db().auditEvent.findFirstOrThrow({ where: { action: "secrets.rewrap" } });
  expect(audited.after).toEqual({ versions: 3, fromKeyIds: [oldId], toKeyId: currentKey().id });

  expect(await rewrapAll()).toEqual({ rewrapped: 0, keyId: currentKey().id });
  expect(await db().auditEvent.count({ where: { action: "secrets.rewrap" } })).toBe(1);
});
