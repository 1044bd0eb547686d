// What the cloud says about a deployment, through the API, on every sandbox cloud: the container's log lines (names of
// its environment, never values), a search and a time range, following live, the cloud's events and its state now.
// Who may read them: the app's team, operators, admins and compliance officers; another team's developer gets "not
// found". Reading is not audited; downloading is, with the range and the count.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { logStreamCaller } from "@/server/routers/log-stream";
import { followLogsResponse } from "@/server/web/deployment-logs";
import { PROVIDER_KINDS } from "@/providers/registry";
import type { LogLine, ProviderKind } from "@/providers/types";
import { makeBaseImage } from "@/testing/catalog";
import { makeCaller, makeTeam } from "@/testing/callers";
import { baseSettings, startTestSandbox } from "@/testing/sandbox";
import { waitFor } from "@/testing/wait-for";

type Person = Awaited<ReturnType<typeof makeCaller>>;

/** A value that must never leave the container: the lines name the variable, not this. */
const SECRET_LOOKING_VALUE = "value-never-printed-7f3a";

let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
let dev: Person, stranger: Person, compliance: Person, operator: Person;
const deployments = {} as Record<ProviderKind, string>;

beforeAll(async () => {
  sandbox = await startTestSandbox({ provisionDelayMs: 200, probePeriodMs: 300 });
  const team = await makeTeam("Loggers");
  dev = await makeCaller("developer", [team.id]);
  stranger = await makeCaller("developer", [(await makeTeam("Strangers")).id]);
  compliance = await makeCaller("compliance");
  operator = await makeCaller("operator");
  const baseImageId = (await makeBaseImage()).id;
  await Promise.all(
    PROVIDER_KINDS.map(async (kind) => {
      const app = await dev.caller.apps.create({ teamId: team.id, name: `logs-${kind.slice(0, 3)}`, description: "", classification: "internal", baseImageId });
      const { id } = await dev.caller.deployments.deploy({ appId: app.id, targetId: sandbox.byKind[kind].targetId, ...baseSettings, env: { GREETING: SECRET_LOOKING_VALUE } });
      deployments[kind] = id;
    }),
  );
  await Promise.all(
    PROVIDER_KINDS.map((kind) =>
      waitFor(`${kind} deployment running`, async () => {
        const deployment = await db().deployment.findUniqueOrThrow({ where: { id: deployments[kind] } });
        if (deployment.status === "failed") throw new Error(`${kind}: ${deployment.statusMessage}`);
        return deployment.status === "running" || undefined;
      }, 90_000),
    ),
  );
}, 180_000);
afterAll(() => sandbox?.stop());

/** The first `count` `line` events of a server-sent event stream, with their ids; then the stream is cancelled. */
async function streamedLines(response: Response, count: number): Promise<{ id: string; line: LogLine }[]> {
  expect(response.status).toBe(200);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: { id: string; line: LogLine }[] = [];
  let buffered = "";
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += value;
    const blocks = buffered.split("\n\n");
    buffered = blocks.pop()!;
    for (const block of blocks) {
      const fields = Object.fromEntries(block.split("\n").filter((row) => !row.startsWith(":")).map((row) => [row.slice(0, row.indexOf(":")), row.slice(row.indexOf(":") + 2)]));
      if (fields.event === "line") events.push({ id: fields.id, line: JSON.parse(fields.data) as LogLine });
    }
  }
  await reader.cancel();
  return events.slice(0, count);
}

const auditCount = (requestId: string) => db().auditEvent.count({ where: { requestId } });

describe.each(PROVIDER_KINDS)("%s", (kind) => {
  it("shows the container's lines, its environment's names and never their values; a search and a range select lines", async () => {
    const id = deployments[kind];
    const all = await waitFor("a probe line", async () => {
      const answer = await dev.caller.deployments.logs({ id });
      expect(answer.problem).toBeNull();
      return answer.lines.some((line) => line.message.includes("GET /healthz")) ? answer.lines : undefined;
    });
    expect(all.some((line) => line.message.startsWith("Starting "))).toBe(true);
    expect(all.find((line) => line.message.startsWith("Environment: "))?.message).toContain("GREETING");
    expect(JSON.stringify(all)).not.toContain(SECRET_LOOKING_VALUE);

    const searched = await dev.caller.deployments.logs({ id, filter: "Environment:" });
    expect(searched.lines.length).toBeGreaterThan(0);
    expect(searched.lines.every((line) => line.message.includes("Environment:"))).toBe(true);

    const from = all.at(-1)!.time;
    const later = await dev.caller.deployments.logs({ id, since: from });
    expect(later.lines.length).toBeGreaterThan(0);
    expect(later.lines.every((line) => Date.parse(line.time) >= Date.parse(from))).toBe(true);
    const future = await dev.caller.deployments.logs({ id, since: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future.lines).toEqual([]);
  });

  it("follows: a line the container writes arrives within 2 s, and stopping ends the stream", async () => {
    const follower = await logStreamCaller({ actor: dev.actor, meta: dev.meta }).followLogs({ id: deployments[kind] });
    const stop = new AbortController();
    const startedAt = Date.now();
    let fresh: { line: LogLine; receivedAt: number } | undefined;
    for await (const line of follower.follow(stop.signal)) {
      if (Date.parse(line.time) > startedAt) {
        fresh = { line, receivedAt: Date.now() };
        stop.abort();
      }
    }
    expect(fresh, "a line written after following started").toBeDefined();
    expect(fresh!.receivedAt - Date.parse(fresh!.line.time)).toBeLessThan(2_000);
  });

  it("says where the app answers and how many instances run, as the cloud counts them now", async () => {
    const state = await dev.caller.deployments.liveState({ id: deployments[kind] });
    expect(state.problem).toBeNull();
    expect(state.phase).toBe("running");
    // Cloud Run's Admin API reports no live count; every other cloud does.
    expect(state.runningInstances).toBe(kind === "gcp-cloud-run" ? null : 1);
    const events = await dev.caller.deployments.cloudEvents({ id: deployments[kind] });
    expect(events.problem).toBeNull();
    expect(events.events.length).toBeGreaterThan(0);
  });
});

describe("access", () => {
  it("another team's developer finds nothing to read, follow or download", async () => {
    const id = deployments["aws-ecs"];
    for (const read of [() => stranger.caller.deployments.logs({ id }), () => stranger.caller.deployments.cloudEvents({ id }), () => stranger.caller.deployments.liveState({ id }), () => stranger.caller.deployments.exportLogs({ id })]) {
      await expect(read()).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    await expect(logStreamCaller({ actor: stranger.actor, meta: stranger.meta }).followLogs({ id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("compliance officers and operators read; reading is not audited, downloading is, with the range and the count", async () => {
    const id = deployments["aws-ecs"];
    expect((await operator.caller.deployments.logs({ id })).lines.length).toBeGreaterThan(0);
    const read = await compliance.caller.deployments.logs({ id });
    expect(read.lines.length).toBeGreaterThan(0);
    expect(await auditCount(compliance.meta.requestId)).toBe(0);

    const file = await compliance.caller.deployments.exportLogs({ id, filter: "GET /healthz" });
    expect(file.lines).toBeGreaterThan(0);
    expect(file.text.trimEnd().split("\n")).toHaveLength(file.lines);
    expect(file.text).not.toContain(SECRET_LOOKING_VALUE);
    const [event] = await db().auditEvent.findMany({ where: { requestId: compliance.meta.requestId, action: "deployment.export-logs" } });
    expect(event).toMatchObject({ outcome: "ok", resourceId: id, after: { filter: "GET /healthz", lines: file.lines } });
  });

  it("the stream resumes after the last line a browser got, even among lines of the same millisecond", async () => {
    const id = deployments["aws-ecs"];
    const { secret } = await dev.caller.tokens.create({ name: "log follower", abilities: ["read"] });
    const since = (await db().deployment.findUniqueOrThrow({ where: { id } })).createdAt.toISOString();
    const url = `http://127.0.0.1/api/deployments/${id}/logs/stream?since=${since}`;
    const first = await streamedLines(await followLogsResponse(new Request(url, { headers: { authorization: `Bearer ${secret}` } }), id), 3);
    // The container's three start lines are printed at one time.
    expect(first.map((event) => event.line.message)).toEqual([expect.stringMatching(/^Starting /), expect.stringMatching(/^Environment: /), expect.stringMatching(/^Listening on port /)]);
    expect(new Set(first.map((event) => event.line.time)).size).toBe(1);
    const resumed = await streamedLines(await followLogsResponse(new Request(url, { headers: { authorization: `Bearer ${secret}`, "last-event-id": first[1].id } }), id), 1);
    expect(resumed[0]).toEqual(first[2]);
  });

  it("the stream answers 401 to a request without a session, and names a bad time", async () => {
    const id = deployments["aws-ecs"];
    const signedOut = await followLogsResponse(new Request(`http://127.0.0.1/api/deployments/${id}/logs/stream`), id);
    expect(signedOut.status).toBe(401);
    await expect(logStreamCaller({ actor: dev.actor, meta: dev.meta }).followLogs({ id, since: "yesterday" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
