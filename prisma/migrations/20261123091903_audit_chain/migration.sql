-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "hash" TEXT,
ADD COLUMN     "prevHash" TEXT,
ALTER COLUMN "sequence" DROP DEFAULT,
ALTER COLUMN "occurredAt" DROP DEFAULT;
DROP SEQUENCE "AuditEvent_sequence_seq";

-- CreateTable
CREATE TABLE "AuditCheckpoint" (
    "sequence" BIGINT NOT NULL,
    "headHash" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "keyFingerprint" TEXT NOT NULL,
    "signature" TEXT NOT NULL,

    CONSTRAINT "AuditCheckpoint_pkey" PRIMARY KEY ("sequence")
);

-- Hand-written below (Prisma's schema cannot express it).

-- Every event written from now on is chained. NOT VALID exempts the events written before this migration,
-- which had no hash; the verifier accepts those only as a leading run and says how many there are.
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_chained" CHECK ("hash" IS NOT NULL AND "prevHash" IS NOT NULL) NOT VALID;

-- Append-only, enforced by the database rather than trusted to the app: triggers fire for every role,
-- the table's owner included. Only a superuser can get past them (by disabling the triggers), and the
-- hash chain and signed checkpoints exist to detect exactly that.
CREATE FUNCTION "audit_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "AuditEvent_no_update_or_delete" BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION "audit_refuse_change"();
CREATE TRIGGER "AuditEvent_no_truncate" BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_refuse_change"();
CREATE TRIGGER "AuditCheckpoint_no_update_or_delete" BEFORE UPDATE OR DELETE ON "AuditCheckpoint"
  FOR EACH ROW EXECUTE FUNCTION "audit_refuse_change"();
CREATE TRIGGER "AuditCheckpoint_no_truncate" BEFORE TRUNCATE ON "AuditCheckpoint"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_refuse_change"();
