// A local, wire-compatible Azure Container Instances and Azure Network (virtual networks, delegated subnets, network
// security groups and their rules) for tests and the sandbox: the official SDKs talk to it unchanged, given only
// `endpoint`, `tlsOptions.ca` and a dummy token. It serves HTTPS because the SDK's bearer-token policy refuses plain
// http; the certificate is made at start-up for 127.0.0.1. Both providers share one server, as both live under ARM.
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { EmulatorOptions, RunningEmulator } from "@/providers/emulator-types";
import { readBody, selfSignedCertificate } from "@/providers/emulator-https";
import { faultAnswer, FaultInjector } from "./emulator-faults";
import { answerNetwork, networkRoute } from "./emulator-network-routes";
import { NetworkStore, type NetworkSnapshot } from "./emulator-network-state";
import { stateFile } from "./emulator-persistence";
import { answer, route, tokenRefusal, type Answer } from "./emulator-routes";
import { ContainerGroupStore, type GroupSnapshot } from "./emulator-state";
import { armError, type ArmError, isArmError, sendError, sendJson } from "./emulator-wire";

const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** How long a network change stays "Updating" before its operation succeeds: long enough that clients must poll. */
const NETWORK_DELAY_MS = 30;

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const { key, cert } = await selfSignedCertificate();
  // Both stores report their changes to one state file; it is created before them and reads them only when writing.
  const saved = stateFile<{ groups: GroupSnapshot; network: NetworkSnapshot }>(options.stateDir, "azure-aci", () => ({ groups: store.snapshot(), network: network.snapshot() }));
  const store = new ContainerGroupStore(options.provisionDelayMs ?? 2000, saved.changed, options.probePeriodMs);
  const network = new NetworkStore(NETWORK_DELAY_MS, (subnetId) => store.usesSubnet(subnetId), saved.changed);
  if (saved.initial) {
    store.restore(saved.initial.groups);
    network.restore(saved.initial.network);
  }
  const faults = new FaultInjector(options.faults);
  const counts: Record<string, number> = {};
  const timers = new Set<NodeJS.Timeout>();
  let baseUrl = "";

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", baseUrl);
    const method = req.method ?? "GET";
    // Microsoft.Network paths first; everything else is the container-instance surface (or its "Unknown").
    const matchedNetwork = networkRoute(method, url.pathname);
    const matchedInstances = matchedNetwork ? undefined : route(method, url.pathname);
    const operation = (matchedNetwork ?? matchedInstances)!.operation;
    counts[operation] = (counts[operation] ?? 0) + 1;
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === undefined) return sendError(res, armError(413, "RequestEntityTooLarge", `The request body exceeds ${MAX_BODY_BYTES} bytes.`));

    const fault = faults.draw();
    if (fault === "throttle" || fault === "server-error") return sendError(res, faultAnswer(fault));
    if (fault === "latency") await sleep(faults.latencyMs);
    const request = { method, url, headers: req.headers, body };
    const result: Answer | ArmError = matchedNetwork
      ? (tokenRefusal(request) ?? answerNetwork(network, request, matchedNetwork, baseUrl))
      : answer(store, network, request, matchedInstances!, baseUrl);
    // A dropped connection after the work was done: the caller cannot tell whether its change happened.
    if (fault === "drop") return void req.socket.destroy();
    if (isArmError(result)) return sendError(res, result);
    sendJson(res, result.status, result.body, result.headers);
  }

  const server = createServer({ key, cert }, (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendError(res, armError(500, "InternalServerError", "Encountered internal server error. Please try again."));
    });
  });
  server.on("clientError", (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `https://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    port,
    caCertificate: cert,
    setFaults: (plan) => faults.set(plan),
    resourceNames: () => store.names(),
    requestCounts: () => ({ ...counts }),
    containerEnvironments: () => store.environments(),
    storedSecrets: () => store.secureValues(),
    async stop() {
      saved.flush();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
