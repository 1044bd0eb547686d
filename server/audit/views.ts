import { z } from "zod";

// What audit.publicKey answers: checked on the way out, and the OpenAPI document's description of it.
export const publicKeyView = z.object({ algorithm: z.literal("Ed25519"), publicKeyPem: z.string(), fingerprint: z.string() });
