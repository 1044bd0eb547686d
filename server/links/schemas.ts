import { z } from "zod";

// One definition guards the API and drives the request form (react-hook-form + zodResolver).

const appId = (message: string) => z.string().uuid(message);

export const requestLinkInput = z
  .object({
    fromAppId: appId("Not a valid app id"),
    toAppId: appId("Choose the app to call"),
    port: z.number({ error: "Port is a number" }).int("Port is a whole number").min(1, "Port must be between 1 and 65535").max(65_535, "Port must be between 1 and 65535"),
    reason: z.string().trim().max(500, "Reason must be at most 500 characters").default(""),
  })
  .refine((link) => link.fromAppId !== link.toAppId, { path: ["toAppId"], message: "An app needs no link to itself" });
export type RequestLinkInput = z.infer<typeof requestLinkInput>;

export const linkIdInput = z.object({ id: z.string().uuid("Not a valid link id") });

/** Approve, reject or revoke, with an optional note kept on the link and in the audit trail. */
export const decideLinkInput = linkIdInput.extend({ note: z.string().trim().max(500, "Note must be at most 500 characters").default("") });
export type DecideLinkInput = z.infer<typeof decideLinkInput>;

export const appLinksInput = z.object({ appId: appId("Not a valid app id") });
