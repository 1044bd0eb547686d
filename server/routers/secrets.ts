import { listSecretsInput, secretKeyInput, setSecretInput } from "@/server/secrets/schemas";
import { deleteSecret, listSecrets, setSecret } from "@/server/secrets/service";
import { protectedProcedure, router } from "@/server/trpc/init";

export const secretsRouter = router({
  list: protectedProcedure.input(listSecretsInput).query(({ ctx, input }) => listSecrets(ctx, input.appId)),
  set: protectedProcedure.input(setSecretInput).mutation(({ ctx, input }) => setSecret(ctx, input)),
  delete: protectedProcedure.input(secretKeyInput).mutation(({ ctx, input }) => deleteSecret(ctx, input)),
});
