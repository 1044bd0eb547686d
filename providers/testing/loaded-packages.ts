// Run as a program by ../lazy-adapter.test.ts (node --import tsx), so nothing a test worker loaded before counts: prints
// the npm packages the registry's import resolved, then those the AWS adapter's first call added.
import { registerHooks } from "node:module";
import type { TargetConnection } from "../types";

const resolved = new Set<string>();
registerHooks({
  resolve(specifier, context, next) {
    const result = next(specifier, context);
    resolved.add(result.url);
    return result;
  },
});
const packages = () => [...new Set([...resolved].flatMap((url) => url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? []))].sort();

const { adapterFor } = await import("../registry");
const atImport = packages();
// Coordinates of another cloud: the adapter refuses them before any request, once its module has loaded.
const connection: TargetConnection = { coordinates: { kind: "kubernetes", region: "eu-west-1", cluster: "prod" }, credentials: { kind: "kubernetes", kubeconfig: "unused" } };
const refusal = await adapterFor("aws-ecs")
  .status({ kind: "aws-ecs", id: "arn:aws:ecs:eu-west-1:000000000000:service/none/none", name: "none" }, connection)
  .then(() => "no refusal", (error: unknown) => String(error));
console.log(JSON.stringify({ atImport, afterAwsCall: packages(), refusal }));
