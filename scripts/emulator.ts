// `npm run emulator -- <aws-ecs|azure-aci|gcp-cloud-run> [--port N] [--delay MS] [--fault-rate R]`:
// one cloud emulator on its own, on 127.0.0.1, for pointing any client (awscli, SDKs) at it.
import "./lib/supported-node";
import { parseArgs } from "node:util";
import type { EmulatorOptions, RunningEmulator } from "@/providers/emulator-types";

const starters: Record<string, () => Promise<{ startEmulator(options: EmulatorOptions): Promise<RunningEmulator> }>> = {
  "aws-ecs": () => import("@/providers/aws-ecs/emulator"),
  "azure-aci": () => import("@/providers/azure-aci/emulator"),
  "gcp-cloud-run": () => import("@/providers/gcp-cloud-run/emulator"),
};

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { port: { type: "string", default: "0" }, delay: { type: "string", default: "2000" }, "fault-rate": { type: "string", default: "0" } },
});
const kind = positionals[0];
if (!kind || !starters[kind]) {
  console.error(`Usage: npm run emulator -- <${Object.keys(starters).join("|")}> [--port N] [--delay MS] [--fault-rate 0..1]`);
  process.exit(2);
}
const rate = Number(values["fault-rate"]);
const { startEmulator } = await starters[kind]();
const emulator = await startEmulator({
  port: Number(values.port),
  provisionDelayMs: Number(values.delay),
  faults: rate > 0 ? { rate, kinds: ["throttle", "server-error"] } : undefined,
});
console.log(`${kind} emulator listening at ${emulator.url} (Node.js ${process.version})`);
if (emulator.caCertificate) console.log(`It serves HTTPS with this self-signed certificate (trust it in the client):\n${emulator.caCertificate}`);
const stop = () => void emulator.stop().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
