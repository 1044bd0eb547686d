// `npm run audit:verify-proof -- <proof.json> [--log-key <vkey>…] [--witness-key <vkey>…]`: checks, offline and
// with no database, an event's inclusion proof as the event page downloads it: the event's hash recomputed from
// its fields, its path to the checkpoint's root, the checkpoint's signature by a log key and its cosignature by
// each witness key given. Give the keys you obtained yourself (audit.publicKeys, the witness's operator): without
// --log-key the keys written in the file are used, which proves only that the file is self-consistent. Exit 0
// verified, 1 rejected.
import "./lib/supported-node";
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { checkEventProof } from "@/server/audit/event-proof-check";
import type { EventProofBundle } from "@/server/audit/event-proof-format";
import { parseVkey } from "@/tlog/note";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { "log-key": { type: "string", multiple: true }, "witness-key": { type: "string", multiple: true } } });

const keys = (texts: string[] | undefined, flag: string) =>
  (texts ?? []).map((text, i) => {
    try {
      return parseVkey(text);
    } catch (error) {
      throw new Error(`--${flag} #${i + 1}: ${error instanceof Error ? error.message : String(error)}`);
    }
  });

async function main(): Promise<boolean> {
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new Error("usage: npm run audit:verify-proof -- <proof.json> [--log-key <vkey>…] [--witness-key <vkey>…]");
  let bundle: EventProofBundle;
  try {
    bundle = JSON.parse(await readFile(file, "utf8")) as EventProofBundle;
  } catch {
    console.log(`proof REJECTED: ${file} is not JSON`);
    return false;
  }
  const logKeys = keys(values["log-key"], "log-key");
  if (!logKeys.length) console.log("WARNING: no --log-key given: checking with the log keys written in the file itself");
  const witnessKeys = keys(values["witness-key"], "witness-key");
  if (!witnessKeys.length) console.log("WARNING: no --witness-key given: the witnesses' cosignatures are not checked");
  const verdict = checkEventProof(bundle, logKeys.length ? logKeys : (bundle.logKeys ?? []).map((key) => parseVkey(key)), witnessKeys);
  if (!verdict.ok) {
    console.log(`proof REJECTED: ${verdict.problem}`);
    return false;
  }
  const cosigned = verdict.cosigned.map(({ witness, at }) => `, cosigned by ${witness} at ${at.toISOString()}`).join("");
  console.log(`proof verified: event ${verdict.sequence} is entry ${BigInt(verdict.sequence) - 1n} of ${verdict.checkpoint.origin} at tree size ${verdict.checkpoint.size}${cosigned}`);
  return true;
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error: unknown) => {
    console.error(`audit:verify-proof: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  },
);
