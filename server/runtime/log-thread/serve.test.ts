import { MessageChannel } from "node:worker_threads";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { ProviderError } from "@/providers/errors";
import type { LogLine, LogReader, TargetConnection } from "@/providers/types";
import { CREDIT_WINDOW, type FromWorker, type ToWorker } from "./messages";
import { serveFollows } from "./serve";

// The log thread's side of a follow over a real MessageChannel, in this thread. The reader stands in for a cloud's: it
// has as many lines as it is asked for, at once, and counts how many were taken from it, which no cloud would tell.
const ref = { kind: "aws-ecs" as const, id: "arn:aws:ecs:eu-west-1:123456789012:service/apps/app", name: "app" };
const connection: TargetConnection = {
  coordinates: { kind: "aws-ecs", region: "eu-west-1", cluster: "apps", subnets: ["subnet-1"], securityGroups: ["sg-1"], executionRoleArn: "arn:aws:iam::123456789012:role/exec" },
  credentials: { kind: "aws-ecs", accessKeyId: "AKIATESTKEY000000000", secretAccessKey: "not-a-secret" },
};
const line = (n: number): LogLine => ({ time: new Date(1_700_000_000_000 + n).toISOString(), message: `line ${n}` });

let channel: MessageChannel;
afterEach(() => channel?.port1.close());

function serve(reader: LogReader) {
  channel = new MessageChannel();
  serveFollows(channel.port1, async (kind) => (kind === "kubernetes" ? reader : Promise.reject(new Error(`no reader for ${kind}`))));
  const received: FromWorker[] = [];
  channel.port2.on("message", (message: FromWorker) => received.push(message));
  const send = (message: ToWorker) => channel.port2.postMessage(message);
  return { received, send, follow: (id: number, kind = "kubernetes") => send({ type: "follow", id, kind, ref, connection, query: { follow: true } }) };
}

/** A reader with endless lines that counts how many were read from it, and whether it was closed. */
function endless() {
  const taken = { count: 0, stopped: false };
  const reader: LogReader = async function* (_ref, _connection, query) {
    try {
      while (!query.signal?.aborted) yield line(taken.count++);
    } finally {
      taken.stopped = true;
    }
  };
  return { taken, reader };
}

const settle = () => sleep(50);

describe("the log thread's follows", () => {
  it("sends no more lines than the credit granted, and more as it is granted", async () => {
    const { taken, reader } = endless();
    const { received, send, follow } = serve(reader);
    follow(1);
    await settle();
    expect(received).toHaveLength(CREDIT_WINDOW);
    // The reader was held at the window (it read one line more, the one waiting for credit).
    expect(taken.count).toBeLessThanOrEqual(CREDIT_WINDOW + 1);
    send({ type: "credit", id: 1, lines: 10 });
    await settle();
    expect(received).toHaveLength(CREDIT_WINDOW + 10);
    expect(received.map((message) => (message.type === "line" ? message.line.message : message.type))).toEqual(Array.from({ length: CREDIT_WINDOW + 10 }, (_, n) => `line ${n}`));
  });

  it("stops reading when told to, even while waiting for credit, and sends nothing after", async () => {
    const { taken, reader } = endless();
    const { received, send, follow } = serve(reader);
    follow(7);
    await settle();
    send({ type: "stop", id: 7 });
    await settle();
    expect(taken.stopped).toBe(true);
    const sent = received.length;
    send({ type: "credit", id: 7, lines: 100 });
    await settle();
    expect(received).toHaveLength(sent);
    expect(received.some((message) => message.type !== "line")).toBe(false);
  });

  it("says when a log ends, and how a follow failed: a cloud's refusal in its parts, a fault with its message", async () => {
    const { received, follow } = serve(async function* (_ref, _connection, query) {
      if (query.since) throw new ProviderError("credentials", "The cloud refused the key", "credentials");
      yield line(0);
    });
    follow(1);
    channel.port2.postMessage({ type: "follow", id: 2, kind: "kubernetes", ref, connection, query: { follow: true, since: new Date() } } satisfies ToWorker);
    follow(3, "nowhere");
    await settle();
    expect(received).toContainEqual({ type: "end", id: 1 });
    expect(received).toContainEqual({ type: "failed", id: 2, failure: { provider: { kind: "credentials", message: "The cloud refused the key", field: "credentials" } } });
    expect(received).toContainEqual({ type: "failed", id: 3, failure: { fault: expect.objectContaining({ message: "no reader for nowhere" }) } });
  });

  it("keeps follows apart: stopping one leaves the other going", async () => {
    const first = endless();
    const { received, send, follow } = serve(first.reader);
    follow(1);
    follow(2);
    await settle();
    send({ type: "stop", id: 1 });
    send({ type: "credit", id: 2, lines: 5 });
    await settle();
    expect(received.filter((message) => message.id === 2)).toHaveLength(CREDIT_WINDOW + 5);
  });
});
