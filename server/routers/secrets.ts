import { listSecretsInput, secretKeyInput, setSecretInput } from "@/server/secrets/schemas";
import { deleteSecret, listSecrets, setSecret } from "@/server/secrets/service";
import { secretChangeView, secretListView } from "@/server/secrets/views";
import { rest } from "@/server/rest/meta";
import { protectedProcedure, router } from "@/server/trpc/init";
import { outputView } from "@/server/trpc/output-view";

export const secretsRouter = router({
  list: protectedProcedure.meta(rest("GET", "/apps/{appId}/secrets", "An app's secrets: names, versions, fingerprints, never values")).input(listSecretsInput).output(outputView(secretListView)).query(({ ctx, input }) => listSecrets(ctx, input.appId)),
  set: protectedProcedure.meta(rest("PUT", "/apps/{appId}/secrets/{name}", "Set or rotate a secret (write-only)")).input(setSecretInput).output(outputView(secretChangeView)).mutation(({ ctx, input }) => setSecret(ctx, input)),
  delete: protectedProcedure.input(secretKeyInput).mutation(({ ctx, input }) => deleteSecret(ctx, input)),
});
