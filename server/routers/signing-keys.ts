import { addSigningKeyInput, listSigningKeysInput, signingKeyIdInput } from "@/server/signing-keys/schemas";
import { addSigningKey, listSigningKeys, removeSigningKey } from "@/server/signing-keys/service";
import { signingKeyListView, signingKeyRemovedView, signingKeyView } from "@/server/signing-keys/views";
import { abilityProcedure, protectedProcedure, router } from "@/server/trpc/init";
import { outputView } from "@/server/trpc/output-view";

export const signingKeysRouter = router({
  list: protectedProcedure.input(listSigningKeysInput).output(outputView(signingKeyListView)).query(({ ctx, input }) => listSigningKeys(ctx, input.teamId)),
  add: abilityProcedure("curateSigningKeys").input(addSigningKeyInput).output(outputView(signingKeyView)).mutation(({ ctx, input }) => addSigningKey(ctx, input)),
  remove: abilityProcedure("curateSigningKeys").input(signingKeyIdInput).output(outputView(signingKeyRemovedView)).mutation(({ ctx, input }) => removeSigningKey(ctx, input.id)),
});
