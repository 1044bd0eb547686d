import { z } from "zod";
import { setTeamOverrideInput } from "@/server/policy/contract-schemas";
import { allowListText } from "./allow-list-schema";

// Each setting either follows the platform ("") or is set for the team; the API refuses anything looser
// than the platform, naming the setting, and the refusal shows here. Loaded by the form on its first
// validation (lazyZodResolver), so zod is not part of the page's first load.
const choice = z.enum(["", "true", "false"]);
export const teamOverrideFormSchema = z.object({
  teamId: setTeamOverrideInput.shape.teamId,
  ingressTlsRequired: choice,
  httpRedirectToHttps: choice,
  serviceToServiceEncrypted: choice,
  serviceToServiceMutualAuth: choice,
  egressRestricted: choice,
  minTlsVersion: z.enum(["", "1.2", "1.3"]),
  egressAllowListText: allowListText,
});

export { setTeamOverrideInput };
