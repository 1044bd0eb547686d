// The registry client's shared cases (oci/testing/registry-cases.ts) against Debian's docker-registry (CNCF
// distribution 2.8, basic auth), a registry Bulkhead did not write: the images are put there by skopeo from an OCI
// layout. It has no referrers API, so the client's tag-schema fallback is what finds the signature.
import { describeRegistryCases } from "@/oci/testing/registry-cases";
import { REGISTRY_PASSWORD, REGISTRY_USER, startDockerRegistry } from "@/oci/testing/docker-registry";
import { copyDemoImagesWithSkopeo } from "@/oci/testing/seed";

describeRegistryCases("Debian's docker-registry", async () => {
  const registry = await startDockerRegistry();
  const credentials = { username: REGISTRY_USER, password: REGISTRY_PASSWORD };
  try {
    const demo = await copyDemoImagesWithSkopeo(registry.host, credentials);
    return { host: registry.host, credentials, demo, referrersVia: "tag-schema", unknownRepositoryCode: "MANIFEST_UNKNOWN", stop: registry.stop };
  } catch (error) {
    await registry.stop();
    throw error;
  }
});
