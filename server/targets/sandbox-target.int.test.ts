// The launcher re-registers its sandbox targets at every start: their emulators' new addresses always, and their
// definition (coordinates, labels) when a newer Bulkhead describes them differently, audited once per change.
import { randomBytes } from "node:crypto";
import { expect, it } from "vitest";
import { db } from "@/server/db/client";
import type { AzureCoordinates } from "@/providers/azure-aci/target-schema";
import { upsertSandboxTarget, type SandboxTarget } from "./service";

it("follows the sandbox's definition of a target, audited only when it changes", async () => {
  process.env.BULKHEAD_CREDENTIALS_KEY ??= randomBytes(32).toString("base64");
  const coordinates: AzureCoordinates = { kind: "azure-aci", region: "westeurope", subscriptionId: "00000000-0000-4000-8000-000000000000", resourceGroup: "sandbox" };
  const base: SandboxTarget = {
    name: "sandbox-azure-test",
    coordinates,
    credentials: { kind: "azure-aci", accessToken: "token" },
    labels: { zone: "private" },
    endpoint: "https://127.0.0.1:1111",
  };
  await upsertSandboxTarget(base);
  const subnetId = "/subscriptions/00000000-0000-4000-8000-000000000000/resourceGroups/sandbox/providers/Microsoft.Network/virtualNetworks/v/subnets/aci";
  await upsertSandboxTarget({ ...base, endpoint: "https://127.0.0.1:2222", coordinates: { ...coordinates, subnetId } });
  await upsertSandboxTarget({ ...base, endpoint: "https://127.0.0.1:3333", coordinates: { ...coordinates, subnetId } });

  const target = await db().target.findUniqueOrThrow({ where: { name: base.name } });
  expect(target.coordinates).toMatchObject({ subnetId });
  expect(target.endpoint).toBe("https://127.0.0.1:3333");
  const events = await db().auditEvent.findMany({ where: { resourceId: target.id }, orderBy: { sequence: "asc" } });
  expect(events.map((e) => e.action)).toEqual(["target.create", "target.update"]);
  expect(events[1].reason).toBe("the sandbox's definition of this target changed");
});
