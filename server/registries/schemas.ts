import { z } from "zod";

// What the API takes for a team's registry credentials; the form validates with the same schemas.

/**
 * A registry as image references name it (the distribution reference grammar's domain: a host name or IPv4 address,
 * optionally with a port), lowercase, with no scheme or path: "ghcr.io", "registry.example.com:5000", "127.0.0.1:3001".
 */
export const registryHost = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Enter the registry's host, e.g. ghcr.io")
  .max(255, "A registry host is at most 255 characters")
  .refine((value) => !value.includes("://"), "Enter the host only, without http:// or https://")
  .refine((value) => !value.includes("/"), "Enter the host only, without a path: the repository belongs in the image reference")
  .refine((value) => /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::[0-9]{1,5})?$/.test(value), "Not a valid registry host: letters, digits, dots and hyphens, with an optional :port")
  .refine((value) => {
    const port = value.split(":")[1];
    return port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
  }, "The port must be between 1 and 65535");

const teamId = z.string().uuid("Choose a team");

export const listRegistryCredentialsInput = z.object({ teamId: teamId.optional() });

export const setRegistryCredentialInput = z.object({
  teamId,
  registry: registryHost,
  username: z.string().trim().min(1, "Enter the user name the registry knows").max(255, "A user name is at most 255 characters"),
  password: z.string().min(1, "Enter the password or access token").max(4096, "A password or token is at most 4,096 characters"),
});
export type SetRegistryCredentialInput = z.infer<typeof setRegistryCredentialInput>;

export const registryCredentialKeyInput = z.object({ teamId, registry: registryHost });
export type RegistryCredentialKeyInput = z.infer<typeof registryCredentialKeyInput>;
