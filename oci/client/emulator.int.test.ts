// The registry client against the registry emulator, with token auth and with basic auth: the shared cases
// (oci/testing/registry-cases.ts), which also run against Debian's docker-registry (docker-registry.int.test.ts).
import { startRegistryEmulator } from "@/oci/emulator/emulator";
import { describeRegistryCases } from "@/oci/testing/registry-cases";
import { pushDemoImages } from "@/oci/build/push-demo-images";

const credentials = { username: "alice", password: "alice-password" };

for (const auth of ["token", "basic"] as const) {
  describeRegistryCases(`the registry emulator (${auth} auth)`, async () => {
    const emulator = await startRegistryEmulator({ users: { [credentials.username]: credentials.password }, auth });
    const demo = await pushDemoImages(emulator.host, credentials);
    return { host: emulator.host, credentials, demo, referrersVia: "referrers-api", unknownRepositoryCode: "NAME_UNKNOWN", stop: emulator.stop };
  });
}
