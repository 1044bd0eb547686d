import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { root } from "@/scripts/lib/prepare";
import { waitFor } from "@/testing/wait-for";
import { launcherHeaders, launcherRoute, launcherRoutes, nextConfigHeaderRules, type LauncherRoute } from "./launcher-routes";

const header = (key: string, value: string) => ({ key, value });

describe("the routes the launcher answers itself", () => {
  it("are tRPC's GET and POST, and a deployment's followed logs and their download", () => {
    expect(launcherRoute({ method: "GET", url: "/api/trpc/identity.me" })).toMatchObject({ streamed: false });
    expect(launcherRoute({ method: "POST", url: "/api/trpc/identity.createTeam" })).toMatchObject({ streamed: false });
    expect(launcherRoute({ method: "GET", url: "/api/deployments/cm1abc_2-x/logs/stream?since=2026-12-01T00%3A00%3A00Z" })).toMatchObject({ streamed: true });
    expect(launcherRoute({ method: "GET", url: "/api/deployments/cm1abc/logs/stream" })).toMatchObject({ streamed: true });
    expect(launcherRoute({ method: "GET", url: "/api/deployments/cm1abc/logs" })).toMatchObject({ streamed: false });
    expect(launcherRoute({ method: "GET", url: "/api/deployments/cm1abc/logs?since=2026-12-01T00%3A00%3A00Z&filter=GET" })).toMatchObject({ streamed: false });
  });

  it("leave every other method and path to Next.js", () => {
    for (const [method, url] of [
      ["PUT", "/api/trpc/identity.me"],
      ["POST", "/api/deployments/cm1abc/logs/stream"],
      ["POST", "/api/deployments/cm1abc/logs"],
      ["GET", "/api/deployments/cm1abc/logs/"],
      ["GET", "/api/deployments/cm1abc/logs/other"],
      ["GET", "/api/deployments/a%2Fb/logs"],
      ["GET", "/api/deployments/cm1abc/logs/stream/"],
      ["GET", "/api/deployments/a%2Fb/logs/stream"],
      ["GET", "/api/trpc"],
      ["GET", "/deployments/cm1abc"],
    ]) {
      expect(launcherRoute({ method, url }), `${method} ${url}`).toBeNull();
    }
  });
});

describe("the security headers the launcher gives its answers", () => {
  it("are those next.config.js gives every path and every API path", async () => {
    const headers = new Map(launcherHeaders(await nextConfigHeaderRules(root)));
    expect(headers.get("Content-Security-Policy")).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    expect(headers.get("X-Frame-Options")).toBe("DENY");
    expect(headers.get("Strict-Transport-Security")).toMatch(/^max-age=\d+/);
    expect(headers.size).toBeGreaterThanOrEqual(8);
  });

  it("leave out rules for other paths", () => {
    const rules = [
      { source: "/:path*", headers: [header("X-A", "1")] },
      { source: "/apps/:path*", headers: [header("X-B", "2")] },
      { source: "/_next/static/:path*", headers: [header("X-C", "3")] },
      { source: "/api/:path*", headers: [header("X-D", "4")] },
      { source: "/api/auth/:path*", headers: [header("X-H", "8")] },
    ];
    expect(launcherHeaders(rules)).toEqual([
      ["X-A", "1"],
      ["X-D", "4"],
    ]);
  });

  it("refuse to start on a rule that may apply but that they cannot judge", () => {
    expect(() => launcherHeaders([{ source: "/api/trpc/:path*", headers: [header("X-E", "5")] }])).toThrow(/teach/);
    expect(() => launcherHeaders([{ source: "/api/deployments/:id/logs/:path*", headers: [header("X-E", "5")] }])).toThrow(/teach/);
    expect(() => launcherHeaders([{ source: "/:first/:path*", headers: [header("X-F", "6")] }])).toThrow(/teach/);
    expect(() => launcherHeaders([{ source: "/api/:path*", has: [{ type: "header", key: "x-test" }], headers: [header("X-G", "7")] }])).toThrow(/teach/);
  });
});

describe("a streamed answer (a followed log)", () => {
  const servers: ReturnType<typeof createServer>[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await new Promise((closed) => server.close(closed).closeAllConnections());
  });

  let answering: ServerResponse | undefined;

  /** A launcher-like server answering every request with `route`. */
  async function serve(route: LauncherRoute): Promise<string> {
    const answer = launcherRoutes([["X-Test-Header", "1"]], "http://localhost:3000");
    const server = createServer((req, res) => void answer(req, (answering = res), route));
    servers.push(server);
    await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/deployments/d1/logs/stream`;
  }

  it("reaches the client as it is written, and a client gone cancels it and aborts its request", async () => {
    let write!: (text: string) => void;
    let cancelled = false;
    let request!: Request;
    const url = await serve({
      streamed: true,
      answer: async (given) => {
        request = given;
        const body = new ReadableStream<Uint8Array>({
          start: (controller) => void (write = (text) => controller.enqueue(new TextEncoder().encode(text))),
          cancel: () => void (cancelled = true),
        });
        return new Response(body, { headers: { "content-type": "text/event-stream" } });
      },
    });
    const response = await fetch(url);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(response.headers.get("x-test-header")).toBe("1");
    expect(request.url).toBe("http://localhost:3000/api/deployments/d1/logs/stream");
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    write("event: line\n\n");
    expect(decoder.decode((await reader.read()).value)).toBe("event: line\n\n");
    write("event: another\n\n");
    expect(decoder.decode((await reader.read()).value)).toBe("event: another\n\n");
    expect(request.signal.aborted).toBe(false);
    await reader.cancel();
    await waitFor("the stream cancelled and the request aborted", async () => cancelled && request.signal.aborted, 5_000, 20);
  });

  it("is not cut short when its producer ends it", async () => {
    const url = await serve({
      streamed: true,
      answer: async () => new Response(new ReadableStream({ start: (controller) => (controller.enqueue(new TextEncoder().encode("one\n")), controller.close()) }), { status: 404 }),
    });
    const response = await fetch(url);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe("one\n");
  });

  it("waits while the client is slow, and delivers every byte in order", async () => {
    const CHUNKS = 400;
    const SIZE = 64 * 1024;
    let pulled = 0;
    let mostCloseListeners = 0;
    // Pulled one chunk at a time: the producer makes a chunk only when the sender asks for one.
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          mostCloseListeners = Math.max(mostCloseListeners, answering?.listenerCount("close") ?? 0);
          if (pulled === CHUNKS) return controller.close();
          controller.enqueue(new Uint8Array(SIZE).fill(pulled++ % 256));
        },
      },
      { highWaterMark: 0 },
    );
    const url = await serve({ streamed: true, answer: async () => new Response(body) });
    const response = await fetch(url);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // 25.6 MB were on offer; the sender stopped asking once the socket's buffers were full.
    expect(pulled).toBeLessThan(CHUNKS);
    const received = new Uint8Array(await response.arrayBuffer());
    expect(received.length).toBe(CHUNKS * SIZE);
    for (let chunk = 0; chunk < CHUNKS; chunk++) expect(received[chunk * SIZE + SIZE - 1], `chunk ${chunk}`).toBe(chunk % 256);
    // Each wait for the client removed its listeners once it ended.
    expect(mostCloseListeners).toBeGreaterThan(0);
    expect(mostCloseListeners).toBeLessThan(5);
  });
});
