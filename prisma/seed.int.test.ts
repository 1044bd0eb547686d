import { expect, it } from "vitest";
import { db } from "@/server/db/client";
import { seedSandbox } from "./seed";

it("seeds the catalog and demo apps once, every successor resolving and every row audited", async () => {
  await seedSandbox(db());
  const images = await db().baseImage.findMany({ include: { successor: true } });
  expect(images.map((i) => `${i.name} ${i.version}`)).toEqual(
    expect.arrayContaining(["Red Hat UBI 8.10", "Red Hat UBI 9.6", "Ubuntu 24.04 LTS", "Windows Server Core 2022 LTSC", "Red Hat JBoss EAP 7.4", "WebSphere Liberty 25.0.0.6"]),
  );
  for (const image of images) {
    expect(image.reference).toMatch(/@sha256:[a-f0-9]{64}$/);
    if (image.status !== "approved") expect(image.successor?.status).toBe("approved");
  }
  expect(images.filter((i) => i.status === "revoked")).toHaveLength(1);
  expect(await db().app.count({ where: { baseImageId: null } })).toBe(0);
  expect(await db().auditEvent.count({ where: { action: "base-image.create" } })).toBe(images.length);
  expect(await db().signingKey.findMany({ select: { name: true, teamId: true } })).toEqual([{ name: "Sandbox demo images", teamId: null }]);

  const events = await db().auditEvent.count();
  await seedSandbox(db());
  expect(await db().baseImage.count()).toBe(images.length);
  expect(await db().auditEvent.count()).toBe(events);

  // An operator who removed the sandbox key keeps it removed.
  await db().signingKey.deleteMany();
  await seedSandbox(db());
  expect(await db().signingKey.count()).toBe(0);
});
