import type { ContainerGroup } from "@azure/arm-containerinstance";
import { byName, differences } from "../drift";
import type { DeploymentSpec, Observation } from "../types";
import type { AzureCoordinates } from "./target-schema";
import { CONTAINER_NAME, plan } from "./plan";

/** Each variable as the cloud shows it: plain ones with their value, secure ones by name only (ACI never returns those). */
const variables = (env: { name?: string; value?: string; secureValue?: string }[] | undefined) =>
  byName(env).map((v) => (v.value !== undefined && v.secureValue === undefined ? { name: v.name, value: v.value } : { name: v.name, secure: true }));

/** The container group read back against the one apply sends for `spec`: the app container, its size, variables and hardening, and its SKU and placement. */
export function observeGroup(found: ContainerGroup | undefined, spec: DeploymentSpec, c: AzureCoordinates): Observation {
  if (!found) return { missing: true };
  const expected = plan(spec, c).requests[0].body;
  const container = (group: ContainerGroup) => group.containers.find((candidate) => candidate.name === CONTAINER_NAME);
  const [want, have] = [container(expected), container(found)];
  const subnets = (group: ContainerGroup) => (group.subnetIds ?? []).map((subnet) => subnet.id.toLowerCase()).sort();
  return {
    missing: false,
    drift: differences([
      ["containers", expected.containers.map((c) => c.name).sort(), found.containers.map((c) => c.name).sort()],
      ["image", want?.image, have?.image],
      ["resources.requests.cpu", want?.resources.requests.cpu, have?.resources.requests.cpu],
      ["resources.requests.memoryInGB", want?.resources.requests.memoryInGB, have?.resources.requests.memoryInGB],
      ["environmentVariables", variables(want?.environmentVariables), variables(have?.environmentVariables)],
      ["securityContext", want?.securityContext, have?.securityContext],
      ["sku", expected.sku ?? "Standard", found.sku ?? "Standard"],
      ["ipAddress.type", expected.ipAddress?.type, found.ipAddress?.type],
      ["ipAddress.ports", expected.ipAddress?.ports.map((p) => p.port).sort(), found.ipAddress?.ports.map((p) => p.port).sort()],
      ["subnetIds", subnets(expected), subnets(found)],
    ]),
  };
}
