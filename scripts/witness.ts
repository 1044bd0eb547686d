// `npm run witness -- --state-dir <dir> --log-key <vkey> [--log-key <vkey>…] [--name <name>] [--port 3400] [--host 127.0.0.1]`:
// runs a witness (witness/server.ts) with its own key (generated into the state folder on first start) and its
// own state. Give it the installation's checkpoint key(s) from audit.publicKeys (`vkey`), one --log-key each:
// after a key rotation, add the new one. Prints its URL and its verifier key, which Bulkhead needs as
// BULKHEAD_AUDIT_WITNESS_URL and BULKHEAD_AUDIT_WITNESS_KEY. Run it where the database's superuser cannot reach.
import "./lib/supported-node";
import path from "node:path";
import { parseArgs } from "node:util";
import { parseVkey, signerOf, SIGNATURE_TYPE, vkey, type NoteVerifier } from "@/tlog/note";
import { createWitnessServer } from "@/witness/server";
import { witnessKeyPem } from "@/witness/state";

const { values } = parseArgs({
  options: {
    "state-dir": { type: "string" },
    "log-key": { type: "string", multiple: true },
    name: { type: "string", default: "bulkhead.witness/w1" },
    port: { type: "string", default: "3400" },
    host: { type: "string", default: "127.0.0.1" },
  },
});

async function main() {
  const stateDir = values["state-dir"];
  if (!stateDir) throw new Error("--state-dir is required: the witness's own folder (its key and what it has cosigned)");
  const logKeys: NoteVerifier[] = (values["log-key"] ?? []).map((text, i) => {
    try {
      const key = parseVkey(text);
      if (key.type !== SIGNATURE_TYPE.ed25519) throw new Error("it is not a log (Ed25519 note) key");
      return key;
    } catch (error) {
      throw new Error(`--log-key #${i + 1}: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  if (!logKeys.length) throw new Error("--log-key is required at least once: the log's verifier key from audit.publicKeys");
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number (got ${JSON.stringify(values.port)})`);
  const signer = signerOf(values.name, SIGNATURE_TYPE.cosignatureV1, await witnessKeyPem(path.resolve(stateDir)));
  const server = createWitnessServer({ stateDir: path.resolve(stateDir), signer, logKeys });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, values.host, resolve));
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  console.log(`witness ${signer.name} listening on http://${values.host}:${actualPort}`);
  console.log(`witness key: ${vkey(signer)}`);
  console.log(`logs: ${logKeys.map((key) => key.name).join(", ")}`);
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(`witness: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
