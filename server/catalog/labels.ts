import type { BaseImageFamily } from "./schemas";

// Apart from the schemas, so pages and forms can show the names (in the schema's order) without loading zod.
export const familyLabels: Record<BaseImageFamily, string> = { os: "Operating system", "app-server": "Application server" };
