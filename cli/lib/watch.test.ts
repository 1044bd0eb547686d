import { afterEach, describe, expect, it, vi } from "vitest";
import { apiClient, type Api, type Schemas } from "./api";
import { CliError } from "./exit";
import { watch } from "./watch";

// watch() against a scripted API: the timeline streams as it grows, the progress bar draws on a terminal only,
// and the outcome is the revision's.

type Deployment = Schemas["Deployment"];
const event = (id: number, status: Deployment["status"], message: string, revision: number | null = 2) => ({ id: String(id), at: `2026-12-01T10:00:0${id}.000Z`, status, message, revision });

/** The real client, whose requests a middleware answers with the next frame (no network). */
function scripted(frames: Partial<Deployment>[]): Api {
  let call = 0;
  const api = apiClient({ url: "http://scripted.invalid", token: "bh_scripted" });
  api.use({
    onRequest: () => {
      const frame = frames[Math.min(call++, frames.length - 1)];
      return Response.json({ desiredRevision: 2, runningRevision: 1, status: "queued", statusMessage: "", events: [], ...frame });
    },
  });
  return api;
}

const history = [event(1, "running", "Revision 1 is running", 1)];
const queued = [event(2, "queued", "Revision 2 queued (deploy)"), ...history];
const applying = [event(3, "deploying", "Applying revision 2"), ...queued];
const running = [event(5, "running", "Revision 2 is running"), event(4, "deploying", "Revision 2 accepted by the cloud; waiting until it runs"), ...applying];

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => (out.push(String(chunk)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => (err.push(String(chunk)), true));
  return { out, err };
}

afterEach(() => {
  vi.restoreAllMocks();
  Object.defineProperty(process.stderr, "isTTY", { value: undefined, configurable: true });
});

describe("--wait", () => {
  it("prints each new event of the revision once, in order, and resolves when it runs", async () => {
    const { out } = capture();
    const api = scripted([{ events: queued }, { status: "deploying", events: applying }, { status: "running", runningRevision: 2, events: running }]);
    const done = await watch(api, "d1", { revision: 2 }, { quiet: false, timeoutMs: 5000, intervalMs: 1 });
    expect(done.status).toBe("running");
    expect(out.join("").trim().split("\n")).toEqual([
      "2026-12-01 10:00:02Z  queued     Revision 2 queued (deploy)",
      "2026-12-01 10:00:03Z  deploying  Applying revision 2",
      "2026-12-01 10:00:04Z  deploying  Revision 2 accepted by the cloud; waiting until it runs",
      "2026-12-01 10:00:05Z  running    Revision 2 is running",
    ]);
  });

  it("draws a progress bar on a terminal (on standard error), and none otherwise", async () => {
    Object.defineProperty(process.stderr, "isTTY", { value: true, configurable: true });
    const tty = capture();
    await watch(scripted([{ events: queued }, { status: "deploying", events: applying }, { status: "running", runningRevision: 2, events: running }]), "d1", { revision: 2 }, { quiet: false, timeoutMs: 5000, intervalMs: 1 });
    expect(tty.err.join("")).toContain("[######------------------] revision 2: queued");
    expect(tty.err.join("")).toContain("[############------------] revision 2: applying");
    vi.restoreAllMocks();
    Object.defineProperty(process.stderr, "isTTY", { value: false, configurable: true });
    const pipe = capture();
    await watch(scripted([{ events: queued }, { status: "running", runningRevision: 2, events: running }]), "d1", { revision: 2 }, { quiet: false, timeoutMs: 5000, intervalMs: 1 });
    expect(pipe.err).toEqual([]);
  });

  it("fails with exit 1 when the revision fails, or is superseded", async () => {
    capture();
    const failed = watch(scripted([{ status: "failed", statusMessage: "Revision 2 failed: image not found", events: queued }]), "d1", { revision: 2 }, { quiet: true, timeoutMs: 5000, intervalMs: 1 });
    await expect(failed).rejects.toEqual(new CliError("Revision 2 failed: Revision 2 failed: image not found", 1));
    const superseded = watch(scripted([{ desiredRevision: 3, events: queued }]), "d1", { revision: 2 }, { quiet: true, timeoutMs: 5000, intervalMs: 1 });
    await expect(superseded).rejects.toMatchObject({ code: 1, message: "Revision 2 was superseded by revision 3" });
  });

  it("gives up after the timeout (exit 1)", async () => {
    capture();
    await expect(watch(scripted([{ events: queued }]), "d1", { revision: 2 }, { quiet: true, timeoutMs: 5, intervalMs: 2 })).rejects.toMatchObject({ code: 1, message: expect.stringMatching(/^Still queued after 0 s/) });
  });
});
