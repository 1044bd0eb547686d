import { z } from "zod";

// What the registry-credential procedures answer (never a password): checked on the way out.

export const registryCredentialView = z
  .object({ id: z.string(), teamId: z.string(), team: z.string(), registry: z.string(), username: z.string(), updatedAt: z.date(), canManage: z.boolean() })
  .meta({ id: "RegistryCredential" });

export const registryCredentialListView = z.array(registryCredentialView);

export const registryCredentialRemovedView = z.object({ id: z.string(), registry: z.string() }).meta({ id: "RegistryCredentialRemoved" });
