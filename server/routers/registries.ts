import { listRegistryCredentialsInput, registryCredentialKeyInput, setRegistryCredentialInput } from "@/server/registries/schemas";
import { deleteRegistryCredential, listRegistryCredentials, setRegistryCredential } from "@/server/registries/service";
import { registryCredentialListView, registryCredentialRemovedView, registryCredentialView } from "@/server/registries/views";
import { protectedProcedure, router } from "@/server/trpc/init";
import { outputView } from "@/server/trpc/output-view";

export const registriesRouter = router({
  list: protectedProcedure.input(listRegistryCredentialsInput).output(outputView(registryCredentialListView)).query(({ ctx, input }) => listRegistryCredentials(ctx, input.teamId)),
  set: protectedProcedure.input(setRegistryCredentialInput).output(outputView(registryCredentialView)).mutation(({ ctx, input }) => setRegistryCredential(ctx, input)),
  delete: protectedProcedure.input(registryCredentialKeyInput).output(outputView(registryCredentialRemovedView)).mutation(({ ctx, input }) => deleteRegistryCredential(ctx, input)),
});
