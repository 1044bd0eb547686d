// The launcher's HTTP server closing while a followed log's stream and an ordinary request are open, over real
// loopback sockets: the stream is cut at once (the browser reconnects elsewhere) and does not hold the stop to its
// deadline; the ordinary request is still answered.
import { get, type IncomingMessage } from "node:http";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "@/testing/free-port";
import { type HttpServer, startHttpServer } from "./http-server";

const silent = pino({ level: "silent" });

const opened = (url: string) => new Promise<IncomingMessage>((resolve, reject) => get(url, resolve).on("error", reject));

/** Resolves with the body once the answer has ended, or with what came before the connection was cut. */
const bodyOf = (response: IncomingMessage) =>
  new Promise<{ body: string; complete: boolean }>((resolve) => {
    let body = "";
    response.on("data", (chunk: Buffer) => (body += chunk.toString()));
    response.on("close", () => resolve({ body, complete: response.complete }));
  });

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close(Date.now());
  server = undefined;
});

describe("closing the launcher's HTTP server", () => {
  it("cuts a server-sent event stream at once and still answers the request in flight", async () => {
    const port = await freePort();
    server = await startHttpServer({
      host: "127.0.0.1",
      port,
      log: silent,
      accessLog: silent,
      handle: async (req, res) => {
        if (req.url === "/stream") {
          res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8" });
          res.write(": following\n\n");
          const ticking = setInterval(() => res.write(": keep-alive\n\n"), 50);
          res.once("close", () => clearInterval(ticking));
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 300));
        res.end("answered");
      },
    });
    const stream = await opened(`http://127.0.0.1:${port}/stream`);
    const streamed = bodyOf(stream);
    const slow = opened(`http://127.0.0.1:${port}/slow`).then(bodyOf);
    await new Promise((resolve) => setTimeout(resolve, 100));

    const closing = Date.now();
    const unanswered = await server.close(Date.now() + 4_000);
    const took = Date.now() - closing;
    server = undefined;

    expect(unanswered).toBe(0);
    // Without the cut, the stream holds the stop until the deadline, 4 s away, and is counted unanswered.
    expect(took).toBeLessThan(2_000);
    expect(await slow).toEqual({ body: "answered", complete: true });
    const cut = await streamed;
    expect(cut.body.startsWith(": following\n\n")).toBe(true);
    expect(cut.complete).toBe(false);
  });
});
