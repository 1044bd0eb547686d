// openapi-typescript 7 prints types through the TypeScript compiler API, which TypeScript 7 (the repository's)
// no longer has; npm installs it here with the TypeScript 5 it needs, nested in this folder's node_modules.
import openapiTS, { astToString } from "openapi-typescript";

/** The `paths` and `components` types of an OpenAPI 3.x document, as TypeScript source. */
export async function typesOf(document) {
  return astToString(await openapiTS(document, { alphabetize: true }));
}
