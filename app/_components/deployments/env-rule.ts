import { envName, MAX_ENV_VALUE } from "@/server/deployments/contract-schemas";

/** The API's rule for a plain environment variable, for the NAME=value editor. */
export const envRule = { name: envName, maxValue: MAX_ENV_VALUE };
