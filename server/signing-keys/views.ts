import { z } from "zod";

// What the signing-key procedures answer: checked on the way out.

export const signingKeyView = z
  .object({
    id: z.string(),
    /** null: platform-wide. */
    teamId: z.string().nullable(),
    /** "Platform" or the team's name. */
    scope: z.string(),
    name: z.string(),
    publicKey: z.string(),
    fingerprint: z.string(),
    createdAt: z.date(),
  })
  .meta({ id: "SigningKey" });

export const signingKeyListView = z.array(signingKeyView);

export const signingKeyRemovedView = z.object({ id: z.string(), name: z.string() }).meta({ id: "SigningKeyRemoved" });
