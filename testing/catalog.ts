import { randomBytes } from "node:crypto";
import { db } from "@/server/db/client";
import type { Prisma } from "@/server/db/generated/client";

/** A catalog image in the current test database, approved unless told otherwise; unique name and digest. */
export async function makeBaseImage(data: Partial<Prisma.BaseImageUncheckedCreateInput> = {}) {
  const digest = randomBytes(32).toString("hex");
  return db().baseImage.create({
    data: { family: "os", name: `Test UBI ${digest.slice(0, 6)}`, version: "9.4", reference: `registry.example.com/base/ubi9@sha256:${digest}`, ...data },
  });
}
