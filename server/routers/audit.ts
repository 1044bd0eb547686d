import { eventProof } from "@/server/audit/event-proof";
import { getAuditEvent, listAuditEvents } from "@/server/audit/list";
import { publishedKeys } from "@/server/audit/published-keys";
import { auditGetInput, auditListInput, auditVerificationInput, auditVerifyInput } from "@/server/audit/schemas";
import { signingKey } from "@/server/audit/signing-key";
import { getVerification, startVerification } from "@/server/audit/verification-runs";
import { publicKeyView } from "@/server/audit/views";
import { rest } from "@/server/rest/meta";
import { abilityProcedure, router } from "@/server/trpc/init";
import { outputView } from "@/server/trpc/output-view";

export const auditRouter = router({
  // Administrators read the trail too (people and teams changes are theirs to check); only compliance exports it.
  list: abilityProcedure("readAudit").input(auditListInput).query(({ input }) => listAuditEvents(input)),
  get: abilityProcedure("readAudit").input(auditGetInput).query(({ input }) => getAuditEvent(BigInt(input.sequence))),
  /** The event's inclusion proof against the newest witnessed checkpoint, or why there is none yet. */
  proof: abilityProcedure("readAudit").input(auditGetInput).query(({ input }) => eventProof(BigInt(input.sequence))),
  /** Verifies the chain (or a range) in a background job; poll `verification` for its progress and result. */
  startVerification: abilityProcedure("readAudit")
    .input(auditVerifyInput)
    .mutation(({ ctx, input }) => startVerification(ctx, input)),
  verification: abilityProcedure("readAudit")
    .input(auditVerificationInput)
    .query(({ input }) => getVerification(input.id)),
  /** The key that signs checkpoints and export manifests now, so anyone can check them offline. */
  publicKey: abilityProcedure("readAudit").meta(rest("GET", "/audit/public-key", "The key audit checkpoints and export manifests are signed with")).output(outputView(publicKeyView)).query(async () => {
    const { publicKeyPem, fingerprint } = await signingKey();
    return { algorithm: "Ed25519", publicKeyPem, fingerprint };
  }),
  /** Every checkpoint key with the tree sizes it signs (key rotation), as note verifier keys. */
  publicKeys: abilityProcedure("readAudit").query(() => publishedKeys()),
});
