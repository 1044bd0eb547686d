import { z } from "zod";

// What the API takes for trusted signing keys; the form validates with the same schemas. The key itself is parsed on
// the server (./public-key.ts): this only checks it looks like a PEM public key, so the form can say so at once.

export const listSigningKeysInput = z.object({ teamId: z.string().uuid("Choose a team").optional() }).default({});

export const addSigningKeyInput = z.object({
  /** null: trusted for every team's images. */
  teamId: z.string().uuid("Choose a team, or the whole platform").nullable(),
  name: z.string().trim().min(1, "Name the key, e.g. after who signs with it").max(80, "A key's name is at most 80 characters"),
  publicKey: z
    .string()
    .trim()
    .max(4096, "A public key is at most 4,096 characters")
    .regex(/^-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----$/, "Paste the public key in PEM, from -----BEGIN PUBLIC KEY----- to -----END PUBLIC KEY----- (cosign.pub)"),
});
export type AddSigningKeyInput = z.infer<typeof addSigningKeyInput>;

export const signingKeyIdInput = z.object({ id: z.string().uuid("Not a valid signing key id") });
