// A witness (c2sp.org/tlog-witness): it cosigns a log's checkpoint only when the checkpoint is signed by a
// key it was configured to trust for that origin and is consistent, by an RFC 9162 proof, with the last
// checkpoint it cosigned. It knows nothing of Bulkhead or its database: its trust is its configuration, its
// memory is its own folder (state.ts). Also answers GET /latest?origin=… with the newest checkpoint it cosigned.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { cosign, parseCheckpointText } from "@/tlog/checkpoint";
import { hasValidSignature, parseNote, type NoteSigner, type NoteVerifier } from "@/tlog/note";
import { verifyConsistency } from "@/tlog/verify";
import { readState, writeState } from "./state";

export interface WitnessOptions {
  stateDir: string;
  signer: NoteSigner;
  /** The logs' keys; a key's name is the origin it signs for (c2sp.org/tlog-checkpoint recommends it). */
  logKeys: NoteVerifier[];
}

const MAX_BODY = 64 * 1024;
const MAX_PROOF = 63;

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly contentType = "text/plain; charset=utf-8",
  ) {
    super(message);
  }
}

async function body(request: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Refusal(413, "request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** "old N", proof lines, a blank line, the checkpoint. */
function parseRequest(text: string): { oldSize: bigint; proof: Buffer[]; note: string } {
  const blank = text.indexOf("\n\n");
  if (blank === -1) throw new Refusal(400, "expected an old size line, proof lines, a blank line and a checkpoint");
  const [first, ...proofLines] = text.slice(0, blank).split("\n");
  const old = /^old (0|[1-9]\d*)$/.exec(first);
  if (!old) throw new Refusal(400, 'the first line must be "old <size>"');
  if (proofLines.length > MAX_PROOF) throw new Refusal(400, `at most ${MAX_PROOF} proof lines`);
  const proof = proofLines.map((line) => {
    const hash = Buffer.from(line, "base64");
    if (hash.length !== 32 || hash.toString("base64") !== line) throw new Refusal(400, "a proof line is not a base64 SHA-256 hash");
    return hash;
  });
  return { oldSize: BigInt(old[1]), proof, note: text.slice(blank + 2) };
}

export function createWitnessServer(options: WitnessOptions): Server {
  // Checking the old size and recording the new checkpoint happen as one step per origin (the spec's race).
  const queues = new Map<string, Promise<unknown>>();
  const serialized = <T>(origin: string, work: () => Promise<T>): Promise<T> => {
    const next = (queues.get(origin) ?? Promise.resolve()).then(work, work);
    queues.set(origin, next.catch(() => undefined));
    return next;
  };

  async function addCheckpoint(text: string): Promise<string> {
    const { oldSize, proof, note } = parseRequest(text);
    let parsed: ReturnType<typeof parseNote>;
    let checkpoint: ReturnType<typeof parseCheckpointText>;
    try {
      parsed = parseNote(note);
      checkpoint = parseCheckpointText(parsed.text);
    } catch (error) {
      throw new Refusal(400, error instanceof Error ? error.message : "not a checkpoint");
    }
    const keys = options.logKeys.filter((key) => key.name === checkpoint.origin);
    if (!keys.length) throw new Refusal(404, `unknown log origin ${checkpoint.origin}`);
    if (!keys.some((key) => hasValidSignature(parsed, key))) throw new Refusal(403, "no valid signature of a known key of this log");
    if (oldSize > checkpoint.size) throw new Refusal(400, "the old size is larger than the checkpoint's");
    return serialized(checkpoint.origin, async () => {
      const latest = await readState(options.stateDir, checkpoint.origin);
      const latestSize = latest?.size ?? 0n;
      if (oldSize !== latestSize) throw new Refusal(409, `${latestSize}\n`, "text/x.tlog.size");
      if (oldSize === checkpoint.size && latest && !latest.root.equals(checkpoint.root)) {
        throw new Refusal(409, `${latestSize}\n`, "text/x.tlog.size");
      }
      if (oldSize < checkpoint.size && !verifyConsistency(oldSize, checkpoint.size, latest?.root ?? Buffer.alloc(32), checkpoint.root, proof)) {
        throw new Refusal(422, `the checkpoint of size ${checkpoint.size} is not consistent with the one of size ${oldSize} this witness cosigned`);
      }
      const at = new Date();
      const line = cosign(parsed.text, options.signer, at);
      // The log's own signatures, then ours: what GET /latest shows.
      const logSignatures = parsed.signatures.filter((signature) => keys.some((key) => signature.name === key.name && signature.keyId.equals(key.keyId)));
      await writeState(options.stateDir, { origin: checkpoint.origin, size: checkpoint.size, root: checkpoint.root, note: `${parsed.text}\n${logSignatures.map((s) => s.line).join("")}${line}` }, at);
      return line;
    });
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", "http://witness");
    if (request.method === "POST" && url.pathname === "/add-checkpoint") {
      const line = await addCheckpoint(await body(request));
      response.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end(line);
      return;
    }
    if (request.method === "GET" && url.pathname === "/latest") {
      const origin = url.searchParams.get("origin") ?? "";
      const state = await readState(options.stateDir, origin);
      if (!state) throw new Refusal(404, `no checkpoint cosigned for ${origin || "(no origin given)"}`);
      response.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end(state.note);
      return;
    }
    throw new Refusal(404, "not found");
  }

  return createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const refusal = error instanceof Refusal ? error : new Refusal(500, "internal error");
      if (!(error instanceof Refusal)) console.error("[witness]", error);
      if (!response.headersSent) response.writeHead(refusal.status, { "content-type": refusal.contentType }).end(refusal.message.endsWith("\n") ? refusal.message : `${refusal.message}\n`);
    });
  });
}
