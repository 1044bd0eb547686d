import { z } from "zod";
import { CREDENTIAL_SCHEMAS } from "@/providers/registry";

// The credentials an operator gives a target: ones that last, so a target registered once keeps deploying; each
// registered provider says which (its providers/<kind>/target-schema.ts). Static access tokens, which expire within the
// hour, are not accepted.
export const targetCredentials = z.discriminatedUnion("kind", CREDENTIAL_SCHEMAS);
export type TargetCredentialsInput = z.infer<typeof targetCredentials>;
