import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { resourceNameFor } from "@/server/deployments/spec";
import { storedPlan } from "@/server/deployments/stored";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";
import { baseSettings, startTestSandbox } from "@/testing/sandbox";
import { PROVIDER_KINDS } from "@/providers/registry";
import type { ProviderKind, ProviderPlan } from "@/providers/types";

// Acceptance 5 of the policy issue, through the real service and each provider's real plan: without a link, app A's
// plan allows no route to app B; after approval both plans show it; revoking removes it. Then what a link change does
// to deployments that are already live.

type Person = Awaited<ReturnType<typeof makeCaller>>;
let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
let teamId: string, imageId: string;
let dev: Person, dev2: Person;

beforeAll(async () => {
  sandbox = await startTestSandbox({ workers: false });
  teamId = (await makeTeam("Linked")).id;
  imageId = (await makeBaseImage()).id;
  dev = await makeCaller("developer", [teamId]);
  dev2 = await makeCaller("developer", [teamId]);
});
afterAll(() => sandbox?.stop());

// Internal: Azure places linked container groups in a VNet, which a public group cannot join.
const settings = { ...baseSettings, ingress: "internal" as const };
const newApp = (name: string) => dev.caller.apps.create({ teamId, name, description: "", classification: "internal", baseImageId: imageId });

async function planOf(appId: string, kind: ProviderKind): Promise<ProviderPlan & { iamPolicy?: unknown }> {
  const preview = await dev.caller.deployments.preview({ appId, targetId: sandbox.byKind[kind].targetId, ...settings });
  expect(preview.decision?.allowed).toBe(true);
  return preview.plan!;
}
const routes = (plan: ProviderPlan) => plan.routes!.map((r) => `${r.direction} ${r.peer}:${r.port}`);

describe.each(PROVIDER_KINDS)("%s: a link in both apps' plans", (kind) => {
  it("no route without a link, a route in both plans once approved, none after revoking", async () => {
    const a = await newApp(`orders-${kind.slice(0, 3)}`);
    const b = await newApp(`billing-${kind.slice(0, 3)}`);
    const [nameA, nameB] = [resourceNameFor(a), resourceNameFor(b)];

    const unlinked = await planOf(a.id, kind);
    expect(unlinked.routes).toEqual([]);
    expect(JSON.stringify(unlinked)).not.toContain(nameB);
    expect((await planOf(b.id, kind)).routes).toEqual([]);

    const link = await dev.caller.links.request({ fromAppId: a.id, toAppId: b.id, port: 8080, reason: "orders bill customers" });
    expect((await planOf(a.id, kind)).routes).toEqual([]); // requested is not approved
    await dev2.caller.links.approve({ id: link.id, note: "" });

    expect(routes(await planOf(a.id, kind))).toEqual([`outbound ${nameB}:8080`]);
    const callee = await planOf(b.id, kind);
    expect(routes(callee)).toEqual([`inbound ${nameA}:8080`]);
    if (kind === "gcp-cloud-run") expect(JSON.stringify(callee.iamPolicy)).toContain(`bh-${nameA}`);

    await dev.caller.links.revoke({ id: link.id, note: "" });
    const revoked = await planOf(a.id, kind);
    expect(revoked.routes).toEqual([]);
    expect(JSON.stringify(revoked)).not.toContain(nameB);
    expect(JSON.stringify(await planOf(b.id, kind))).not.toContain(nameA);
  });
});

describe("live deployments follow their links", () => {
  const revisions = async (deploymentId: string) =>
    (await db().deploymentRevision.findMany({ where: { deploymentId }, orderBy: { number: "asc" }, select: { deploymentId: true, number: true, reason: true, plan: true } })).map((revision) => ({
      ...revision,
      plan: storedPlan(revision.plan, revision),
    }));

  it("approving and revoking queue a new revision for each live deployment of both apps, planned with the links as they are", async () => {
    const a = await newApp("cart");
    const b = await newApp("stock");
    const targetId = sandbox.byKind["aws-ecs"].targetId;
    const depA = await dev.caller.deployments.deploy({ appId: a.id, targetId, ...settings });
    const depB = await dev.caller.deployments.deploy({ appId: b.id, targetId, ...settings });
    const link = await dev.caller.links.request({ fromAppId: a.id, toAppId: b.id, port: 8080, reason: "" });

    const approved = await dev2.caller.links.approve({ id: link.id, note: "" });
    expect(approved.redeployed.map((r) => [r.deploymentId, r.revision, r.refused]).sort()).toEqual([[depA.id, 2, null], [depB.id, 2, null]].sort());
    const [a2, b2] = [(await revisions(depA.id))[1], (await revisions(depB.id))[1]];
    expect(a2.reason).toBe("links");
    expect(routes(a2.plan)).toEqual([`outbound ${resourceNameFor(b)}:8080`]);
    expect(routes(b2.plan)).toEqual([`inbound ${resourceNameFor(a)}:8080`]);
    expect(await db().auditEvent.count({ where: { action: "deployment.links", outcome: "ok", actorId: dev2.actor.userId, resourceId: { in: [depA.id, depB.id] } } })).toBe(2);

    await dev.caller.links.revoke({ id: link.id, note: "" });
    const a3 = (await revisions(depA.id))[2];
    expect(a3).toMatchObject({ number: 3, reason: "links" });
    expect(a3.plan.routes).toEqual([]);
    expect(await db().deployment.findUnique({ where: { id: depA.id } })).toMatchObject({ desiredRevision: 3, status: "queued" });
  });

  it("refuses a link to a port the deployed callee does not listen on, in the providers' words", async () => {
    const a = await newApp("ui");
    const b = await newApp("search");
    await dev.caller.deployments.deploy({ appId: b.id, targetId: sandbox.byKind["gcp-cloud-run"].targetId, ...settings, port: 9200 });
    expect((await dev.caller.links.callees({ appId: a.id })).find((c) => c.id === b.id)?.port).toBe(9200);
    const error = await dev.caller.links.request({ fromAppId: a.id, toAppId: b.id, port: 8080, reason: "" }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(new RegExp(`port: ${resourceNameFor(b)} listens on port 9200, so a link to it on port 8080 would reach nothing`));
    await expect(dev.caller.links.request({ fromAppId: a.id, toAppId: b.id, port: 9200, reason: "" })).resolves.toMatchObject({ status: "requested" });
  });

  it("keeps a deployment the new links would break on its revision, saying why on its timeline and in the audit trail", async () => {
    const a = await newApp("kiosk");
    const b = await newApp("prices");
    // Public on Azure: allowed alone, refused once a link puts it in a VNet.
    const dep = await dev.caller.deployments.deploy({ appId: a.id, targetId: sandbox.byKind["azure-aci"].targetId, ...settings, ingress: "public" });
    const link = await dev.caller.links.request({ fromAppId: a.id, toAppId: b.id, port: 8080, reason: "" });
    const approved = await dev2.caller.links.approve({ id: link.id, note: "" });
    expect(approved.link.status).toBe("approved");
    expect(approved.redeployed).toEqual([{ deploymentId: dep.id, target: "sandbox-azure-aci", revision: null, refused: expect.stringMatching(/make the app internal/) }]);
    expect(await db().deployment.findUnique({ where: { id: dep.id } })).toMatchObject({ desiredRevision: 1 });
    expect(await db().deploymentEvent.findFirst({ where: { deploymentId: dep.id }, orderBy: { id: "desc" } })).toMatchObject({ message: expect.stringMatching(/^Links changed, but revision 1 stays: .*internal/) });
    expect(await db().auditEvent.findFirst({ where: { action: "deployment.links", resourceId: dep.id } })).toMatchObject({ outcome: "denied", actorId: dev2.actor.userId });
  });

  it("deleting an app revokes its links, audited with the reason, and re-plans the other apps' live deployments without them", async () => {
    const a = await newApp("coupons");
    const b = await newApp("ledger");
    const c = await newApp("reports");
    const depB = await dev.caller.deployments.deploy({ appId: b.id, targetId: sandbox.byKind["aws-ecs"].targetId, ...settings });
    const approved = await dev.caller.links.request({ fromAppId: a.id, toAppId: b.id, port: 8080, reason: "" });
    await dev2.caller.links.approve({ id: approved.id, note: "" });
    const pending = await dev.caller.links.request({ fromAppId: c.id, toAppId: a.id, port: 8080, reason: "" });
    expect(routes((await revisions(depB.id))[1].plan)).toEqual([`inbound ${resourceNameFor(a)}:8080`]);

    await dev.caller.apps.delete({ id: a.id });

    const latest = (await revisions(depB.id)).at(-1)!;
    expect(latest).toMatchObject({ number: 3, reason: "links" });
    expect(latest.plan.routes).toEqual([]);
    for (const link of [approved, pending]) {
      const event = await db().auditEvent.findFirst({ where: { resourceType: "network-link", resourceId: link.id, action: "link.revoke" } });
      expect(event, `revocation of ${link.id}`).toMatchObject({ outcome: "ok", actorId: dev.actor.userId, reason: "app coupons deleted", before: { status: link.id === approved.id ? "approved" : "requested" }, after: { status: "revoked" } });
    }
    expect(await db().networkLink.count({ where: { id: { in: [approved.id, pending.id] } } })).toBe(0);
  });
});
