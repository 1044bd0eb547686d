import { createTRPCClient } from "@trpc/client";
import { afterEach, expect, it, vi } from "vitest";
import { GET, POST } from "@/app/api/trpc/[trpc]/route";
import type { AppRouter } from "@/app/_lib/api-types";
import { publicUrl, serverEnv } from "@/server/config/env";
import { db } from "@/server/db/client";
import { signedInUser } from "./http";
import { LONG_QUERY_INPUT, trpcHttpLink } from "@/app/_lib/trpc-http-link";

afterEach(() => vi.unstubAllGlobals());

it("sends a query whose input is too long for a URL as a POST, which the API answers as the query it is", async () => {
  const origin = publicUrl(serverEnv());
  const operator = await signedInUser("operator");
  // The browser's own link, its requests answered in-process by the dashboard's route, with the operator's session.
  const sent: { method: string; url: string }[] = [];
  vi.stubGlobal("fetch", async (url: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("cookie", operator.cookie);
    headers.set("origin", origin);
    const request = new Request(new URL(url, origin), { ...init, headers });
    sent.push({ method: request.method, url: request.url });
    return (request.method === "POST" ? POST : GET)(request);
  });
  const client = createTRPCClient<AppRouter>({ links: [trpcHttpLink] });

  const { platform } = await client.policy.get.query();
  const longList = Array.from({ length: 200 }, (_, i) => `service-${i}.${"x".repeat(60)}.example.com`);
  const proposed = { ...platform, encryption: { ...platform.encryption, egressRestricted: true, egressAllowList: longList } };
  expect(JSON.stringify(proposed).length).toBeGreaterThan(LONG_QUERY_INPUT);
  const events = await db().auditEvent.count();

  await expect(client.policy.impact.query(proposed)).resolves.toEqual({ affected: [], alreadyNonCompliant: 0 });
  expect(sent.map(({ method, url }) => [method, new URL(url).pathname])).toEqual([
    ["GET", "/api/trpc/policy.get"],
    ["POST", "/api/trpc/policy.impact"],
  ]);
  expect(sent[1].url.length).toBeLessThan(100);
  // Still a query: it saved nothing and was not audited.
  expect((await client.policy.get.query()).platform.encryption.egressAllowList).toEqual(platform.encryption.egressAllowList);
  expect(await db().auditEvent.count()).toBe(events);
});
