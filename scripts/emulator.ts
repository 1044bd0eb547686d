// `npm run emulator -- <kind> [--port N] [--delay MS] [--fault-rate R]`: one registered provider's cloud emulator
// on its own, on 127.0.0.1, for pointing any client (awscli, SDKs) at it.
// `npm run emulator -- clouds [--delay MS] [--token-seconds S]`: every registered cloud as an installation meets it —
// each API behind a token-checking front door, with its token service — printing, as one JSON line, the endpoints and
// the credentials to register targets with (providers/sandbox-clouds.ts).
import "./lib/supported-node";
import { parseArgs } from "node:util";
import { isProviderKind, PROVIDER_KINDS, providerFor } from "@/providers/registry";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: "string", default: "0" },
    delay: { type: "string", default: "2000" },
    "fault-rate": { type: "string", default: "0" },
    "token-seconds": { type: "string", default: "900" },
  },
});
const kind = positionals[0];
if (!kind || (!isProviderKind(kind) && kind !== "clouds")) {
  console.error(`Usage: npm run emulator -- <${PROVIDER_KINDS.join("|")}> [--port N] [--delay MS] [--fault-rate 0..1]\n       npm run emulator -- clouds [--delay MS] [--token-seconds S]`);
  process.exit(2);
}

let stop: () => Promise<void>;
if (kind === "clouds") {
  const { startCloudSandbox } = await import("@/providers/sandbox-clouds");
  const clouds = await startCloudSandbox({ provisionDelayMs: Number(values.delay), tokenLifetimeSeconds: Number(values["token-seconds"]) });
  const registration = clouds.clouds.map((cloud) => [cloud.kind, cloud.details]);
  // One line, for programs (the browser journeys) to read: what to type into the target form.
  console.log(JSON.stringify({ clouds: Object.fromEntries(registration), tokenLifetimeSeconds: clouds.tokenLifetimeSeconds }));
  console.log(`sandbox clouds listening (tokens last ${clouds.tokenLifetimeSeconds} s, Node.js ${process.version})`);
  stop = clouds.stop;
} else {
  const rate = Number(values["fault-rate"]);
  const { startEmulator } = await providerFor(kind).module.emulator();
  const emulator = await startEmulator({
    port: Number(values.port),
    provisionDelayMs: Number(values.delay),
    faults: rate > 0 ? { rate, kinds: ["throttle", "server-error"] } : undefined,
  });
  console.log(`${kind} emulator listening at ${emulator.url} (Node.js ${process.version})`);
  if (emulator.caCertificate) console.log(`It serves HTTPS with this self-signed certificate (trust it in the client):\n${emulator.caCertificate}`);
  stop = emulator.stop;
}
const exit = () => void stop().then(() => process.exit(0));
process.on("SIGINT", exit);
process.on("SIGTERM", exit);
