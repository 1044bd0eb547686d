import { getAuditEvent, listAuditEvents } from "@/server/audit/list";
import { auditGetInput, auditListInput, auditVerifyInput } from "@/server/audit/schemas";
import { signingKey } from "@/server/audit/signing-key";
import { verifyAuditTrail } from "@/server/audit/verify";
import { roleProcedure, router } from "@/server/trpc/init";

const bigintOrUndefined = (value: string | undefined) => (value === undefined ? undefined : BigInt(value));

export const auditRouter = router({
  list: roleProcedure("compliance").input(auditListInput).query(({ input }) => listAuditEvents(input)),
  get: roleProcedure("compliance").input(auditGetInput).query(({ input }) => getAuditEvent(BigInt(input.sequence))),
  verify: roleProcedure("compliance")
    .input(auditVerifyInput)
    .query(({ input }) => verifyAuditTrail({ from: bigintOrUndefined(input.from), to: bigintOrUndefined(input.to) })),
  /** The key that checkpoints are signed with, so anyone can check them offline. */
  publicKey: roleProcedure("compliance").query(async () => {
    const { publicKeyPem, fingerprint } = await signingKey();
    return { algorithm: "Ed25519", publicKeyPem, fingerprint };
  }),
});
