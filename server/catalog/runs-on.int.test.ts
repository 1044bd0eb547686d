import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";
import { signedInUser } from "@/testing/http";
import { baseSettings, startTestSandbox } from "@/testing/sandbox";

let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
beforeAll(async () => {
  sandbox = await startTestSandbox({ workers: false });
});
afterAll(() => sandbox?.stop());

const { runsOnGET } = await import("@/testing/app-routes");

describe("what runs on what", () => {
  it("lists each deployment under the base image its revision was judged on, not what its app declares now; each team sees its own", async () => {
    const teamId = (await makeTeam("Ledger")).id;
    const dev = await makeCaller("developer", [teamId]);
    const old = await makeBaseImage({ name: "Red Hat UBI", version: "8.10" });
    const next = await makeBaseImage({ name: "Red Hat UBI", version: "9.6" });
    const app = await dev.caller.apps.create({ teamId, name: "ledger", description: "", classification: "internal", baseImageId: old.id });
    const targetId = sandbox.byKind["aws-ecs"].targetId;
    const deployment = await dev.caller.deployments.deploy({ appId: app.id, targetId, ...baseSettings });

    const on = async (imageId: string) => (await dev.caller.catalog.runsOn()).find((i) => i.id === imageId)!.deployments;
    expect(await on(old.id)).toEqual([{ id: deployment.id, status: "queued", revision: 1, app: { id: app.id, name: "ledger" }, team: { id: teamId, name: "Ledger" }, target: "sandbox-aws-ecs" }]);

    // Declaring the new image changes nothing that runs until a redeploy is judged on it.
    await dev.caller.apps.update({ id: app.id, baseImageId: next.id });
    expect(await on(old.id)).toHaveLength(1);
    expect(await on(next.id)).toEqual([]);
    await dev.caller.deployments.deploy({ appId: app.id, targetId, ...baseSettings });
    expect(await on(old.id)).toEqual([]);
    expect(await on(next.id)).toEqual([expect.objectContaining({ id: deployment.id, revision: 2 })]);

    // Another team's developer sees the catalog but none of this team's deployments; a compliance officer sees them.
    const stranger = await makeCaller("developer", [(await makeTeam("Elsewhere")).id]);
    const theirs = await stranger.caller.catalog.runsOn();
    expect(theirs.map((i) => i.id)).toContain(next.id);
    expect(theirs.flatMap((i) => i.deployments)).toEqual([]);
    const compliance = await makeCaller("compliance");
    expect((await compliance.caller.catalog.runsOn()).find((i) => i.id === next.id)!.deployments.map((d) => d.id)).toEqual([deployment.id]);
  });

  it("downloads as CSV with the procedure's access: the compliance officer's file has the rows, signed out is refused", async () => {
    const officer = await signedInUser("compliance");
    const file = await runsOnGET(new Request("http://localhost/api/reports/runs-on", { headers: { cookie: officer.cookie } }));
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(file.headers.get("content-disposition")).toMatch(/^attachment; filename="what-runs-on-what-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = parse(await file.text(), { columns: true }) as Record<string, string>[];
    expect(rows).toContainEqual(expect.objectContaining({ base_image: "Red Hat UBI", version: "9.6", team: "Ledger", app: "ledger", target: "sandbox-aws-ecs", revision: "2" }));

    const refused = await runsOnGET(new Request("http://localhost/api/reports/runs-on"));
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ status: 401 });
  });
});
