import createClient from "openapi-fetch";
import { afterAll, beforeAll, expect, it } from "vitest";
import { typesOf } from "@bulkhead/openapi-codegen";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { paths } from "@/cli/api/openapi";
import { createApp } from "@/server/apps/service";
import { startApiServer, type ApiServer } from "@/testing/api-server";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";
import { baseSettings, startTestSandbox } from "@/testing/sandbox";
import { waitFor } from "@/testing/wait-for";
import { createTeamToken } from "@/server/tokens/service";

// Acceptance: a client generated from the OpenAPI document deploys end to end. The types are openapi-typescript's
// rendering of the document this server serves (and must be what cli/api/openapi.ts holds: `npm run api:client`
// writes it); the calls are openapi-fetch's, over real HTTP, with a team service token, to a sandbox cloud.

let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
let server: ApiServer;
let token: string;
let appId: string;

beforeAll(async () => {
  sandbox = await startTestSandbox({ provisionDelayMs: 100 });
  server = await startApiServer();
  const team = await makeTeam("Generated");
  const developer = await makeCaller("developer", [team.id]);
  appId = (await createApp(developer, { teamId: team.id, name: "generated", description: "", classification: "internal", baseImageId: (await makeBaseImage()).id })).id;
  token = (await createTeamToken(developer, { teamId: team.id, name: "generated-client", abilities: ["read", "deploy"], expiresInDays: 1 })).secret;
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await sandbox?.stop();
});

it("the committed client types are openapi-typescript's rendering of the served document (npm run api:client)", async () => {
  const served = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
  const committed = await readFile(path.resolve(import.meta.dirname, "../../cli/api/openapi.ts"), "utf8");
  expect(committed).toContain(await typesOf(served));
});

it("deploys with openapi-fetch on the generated types until the deployment runs", async () => {
  const api = createClient<paths>({ baseUrl: `${server.url}/api/v1`, headers: { authorization: `Bearer ${token}` } });
  const targets = await api.GET("/targets");
  expect(targets.response.status).toBe(200);
  const target = targets.data!.find((t) => t.kind === "gcp-cloud-run")!;

  const refused = await api.POST("/deployments", { body: { appId, targetId: target.id, ...baseSettings, image: "registry.example.com/team/demo:latest" } });
  expect(refused.response.status).toBe(400);
  expect(refused.error).toMatchObject({ type: "urn:bulkhead:problem:invalid-input", errors: [expect.objectContaining({ field: "image" })] });

  const queued = await api.POST("/deployments", { body: { appId, targetId: target.id, ...baseSettings } });
  expect(queued.response.status).toBe(200);
  const id = queued.data!.id;
  const running = await waitFor("the deployment to run", async () => {
    const { data } = await api.GET("/deployments/{id}", { params: { path: { id } } });
    return data?.status === "running" ? data : undefined;
  }, 60_000);
  expect(running).toMatchObject({ runningRevision: 1, target: { id: target.id } });
  expect(running.events.map((e) => e.status)).toContain("deploying");

  const scaled = await api.POST("/deployments/{id}/scale", { params: { path: { id } }, body: { minInstances: 1, maxInstances: 3 } });
  expect(scaled.data).toMatchObject({ desiredRevision: 2 });
});
