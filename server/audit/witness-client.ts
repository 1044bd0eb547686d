// Talking to a witness process over c2sp.org/tlog-witness: add-checkpoint sends the old size the witness last
// cosigned, a consistency proof from it, and the new checkpoint; the answer is the witness's cosignature
// lines. The witness's own read endpoint (GET /latest) gives the newest checkpoint it cosigned.

export type AddCheckpointAnswer =
  | { kind: "cosigned"; lines: string }
  /** The witness last cosigned another size (409 with text/x.tlog.size). */
  | { kind: "other-size"; size: bigint }
  | { kind: "refused"; status: number; message: string };

const TIMEOUT_MS = 10_000;

export async function addCheckpoint(url: string, oldSize: bigint, proof: Buffer[], note: string): Promise<AddCheckpointAnswer> {
  const body = `old ${oldSize}\n${proof.map((hash) => `${hash.toString("base64")}\n`).join("")}\n${note}`;
  const response = await fetch(`${url}/add-checkpoint`, { method: "POST", body, headers: { "content-type": "text/plain; charset=utf-8" }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  const text = await response.text();
  if (response.status === 200) return { kind: "cosigned", lines: text };
  if (response.status === 409 && response.headers.get("content-type")?.startsWith("text/x.tlog.size") && /^\d+\n$/.test(text)) return { kind: "other-size", size: BigInt(text.trim()) };
  return { kind: "refused", status: response.status, message: text.trim().slice(0, 300) };
}

/** The newest checkpoint the witness cosigned for `origin` (with its cosignature), or null if none. */
export async function latestCosigned(url: string, origin: string): Promise<string | null> {
  const response = await fetch(`${url}/latest?origin=${encodeURIComponent(origin)}`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`the witness at ${url} answered ${response.status}`);
  return response.text();
}
