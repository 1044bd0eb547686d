// `npm run api:client`: writes the CLI's API types (cli/api/openapi.ts) from the OpenAPI document the server serves
// at /api/v1/openapi.json, with openapi-typescript (tools/openapi-codegen). The CLI calls the API through
// openapi-fetch with these types, so a change to a procedure's schemas shows in the CLI's type check;
// cli/api/openapi.test.ts fails while the file is stale.
import "./lib/supported-node";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { clientTypes } from "../cli/api/generate";
import { root } from "./lib/prepare";

const file = path.join(root, "cli/api/openapi.ts");
await writeFile(file, await clientTypes());
console.log(`wrote ${path.relative(root, file)}`);
