import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller } from "@/testing/callers";
import { advanceLifecycle } from "./lifecycle-job";

let ops: Awaited<ReturnType<typeof makeCaller>>;
beforeAll(async () => {
  ops = await makeCaller("operator");
});

const statusOf = async (id: string) => (await db().baseImage.findUniqueOrThrow({ where: { id } })).status;
const movesOf = (id: string) => db().auditEvent.findMany({ where: { resourceId: id, action: { startsWith: "base-image." } }, orderBy: { sequence: "asc" } });

describe("the daily lifecycle job, on a controlled clock", () => {
  it("moves an image along by its end of life, each move audited as the platform's with the date that caused it", async () => {
    const image = await makeBaseImage({ name: "Ubuntu", version: "20.04", endOfLife: new Date("2030-06-30T00:00:00Z") });
    const untouched = await makeBaseImage({ name: "Ubuntu", version: "24.04", endOfLife: new Date("2034-04-30T00:00:00Z") });
    const undated = await makeBaseImage({ name: "Windows Server Core", version: "ltsc2022" });

    expect(await advanceLifecycle(new Date("2030-03-31T23:59:00Z"))).toEqual([]);
    expect(await statusOf(image.id)).toBe("approved");

    expect(await advanceLifecycle(new Date("2030-04-01T00:01:00Z"))).toEqual([{ id: image.id, image: "Ubuntu 20.04", from: "approved", to: "deprecated" }]);
    // A second run the same day finds nothing to do.
    expect(await advanceLifecycle(new Date("2030-04-01T09:00:00Z"))).toEqual([]);
    expect(await advanceLifecycle(new Date("2030-05-31T00:01:00Z"))).toEqual([{ id: image.id, image: "Ubuntu 20.04", from: "deprecated", to: "restricted" }]);
    expect(await advanceLifecycle(new Date("2030-06-30T00:01:00Z"))).toEqual([{ id: image.id, image: "Ubuntu 20.04", from: "restricted", to: "revoked" }]);
    expect(await advanceLifecycle(new Date("2031-01-01T00:01:00Z"))).toEqual([]);

    const events = await movesOf(image.id);
    expect(events.map((e) => e.action)).toEqual(["base-image.deprecate", "base-image.restrict", "base-image.revoke"]);
    expect(events.every((e) => e.actorId === null && e.outcome === "ok")).toBe(true);
    expect(events.map((e) => e.reason)).toEqual([
      "End of life 2030-06-30: 90 days ahead; moved by the daily lifecycle job",
      "End of life 2030-06-30: 30 days ahead; moved by the daily lifecycle job",
      "End of life 2030-06-30 reached; moved by the daily lifecycle job",
    ]);
    expect(events[1]).toMatchObject({ before: { status: "deprecated" }, after: expect.objectContaining({ status: "restricted" }) });
    expect(await statusOf(untouched.id)).toBe("approved");
    expect(await statusOf(undated.id)).toBe("approved");
  });

  it("catches up on a missed stage and never moves an image back from an operator's earlier move", async () => {
    const late = await makeBaseImage({ name: "Red Hat UBI", version: "7.9", endOfLife: new Date("2028-06-30T00:00:00Z") });
    const early = await makeBaseImage({ name: "Red Hat UBI", version: "8.6", endOfLife: new Date("2029-05-31T00:00:00Z") });
    await ops.caller.catalog.revoke({ id: early.id, reason: "CVE in glibc, ahead of its end of life" });

    const moves = await advanceLifecycle(new Date("2028-06-10T12:00:00Z"));
    expect(moves).toEqual([{ id: late.id, image: "Red Hat UBI 7.9", from: "approved", to: "restricted" }]);
    expect(await statusOf(early.id)).toBe("revoked");
    expect((await movesOf(early.id)).map((e) => e.action)).toEqual(["base-image.revoke"]);
  });
});
