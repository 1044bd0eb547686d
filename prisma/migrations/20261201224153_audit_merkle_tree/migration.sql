-- AlterTable
ALTER TABLE "AuditCheckpoint" ADD COLUMN     "note" TEXT,
ADD COLUMN     "rootHash" TEXT;

-- AlterTable
ALTER TABLE "AuditVerification" ADD COLUMN     "cursorFrontier" JSONB,
ADD COLUMN     "witnessProblem" TEXT;

-- CreateTable
CREATE TABLE "AuditTreeNode" (
    "level" SMALLINT NOT NULL,
    "index" BIGINT NOT NULL,
    "hash" BYTEA NOT NULL,

    CONSTRAINT "AuditTreeNode_pkey" PRIMARY KEY ("level","index")
);

-- CreateTable
CREATE TABLE "AuditSigningKey" (
    "fingerprint" TEXT NOT NULL,
    "vkey" TEXT NOT NULL,
    "publicKeyPem" TEXT NOT NULL,
    "fromSize" BIGINT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditSigningKey_pkey" PRIMARY KEY ("fingerprint")
);

-- CreateTable
CREATE TABLE "AuditCheckpointWitness" (
    "sequence" BIGINT NOT NULL,
    "witness" TEXT NOT NULL,
    "cosignature" TEXT,
    "witnessedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditCheckpointWitness_pkey" PRIMARY KEY ("sequence","witness")
);

-- CreateIndex
CREATE UNIQUE INDEX "AuditSigningKey_fromSize_key" ON "AuditSigningKey"("fromSize");

-- CreateIndex
CREATE INDEX "AuditCheckpointWitness_witness_sequence_idx" ON "AuditCheckpointWitness"("witness", "sequence");

-- Hand-written below (Prisma's schema cannot express triggers or functions).

-- The new evidence tables are append-only like AuditEvent and AuditCheckpoint: the same triggers refuse UPDATE,
-- DELETE and TRUNCATE for every role, and bulkhead_grant_app_role() (audit_app_role migration) recognises the
-- trigger and leaves the app's role only SELECT and INSERT on them.
CREATE TRIGGER "AuditTreeNode_no_update_or_delete" BEFORE UPDATE OR DELETE ON "AuditTreeNode"
  FOR EACH ROW EXECUTE FUNCTION "audit_refuse_change"();
CREATE TRIGGER "AuditTreeNode_no_truncate" BEFORE TRUNCATE ON "AuditTreeNode"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_refuse_change"();
CREATE TRIGGER "AuditSigningKey_no_update_or_delete" BEFORE UPDATE OR DELETE ON "AuditSigningKey"
  FOR EACH ROW EXECUTE FUNCTION "audit_refuse_change"();
CREATE TRIGGER "AuditSigningKey_no_truncate" BEFORE TRUNCATE ON "AuditSigningKey"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_refuse_change"();
CREATE TRIGGER "AuditCheckpointWitness_no_update_or_delete" BEFORE UPDATE OR DELETE ON "AuditCheckpointWitness"
  FOR EACH ROW EXECUTE FUNCTION "audit_refuse_change"();
CREATE TRIGGER "AuditCheckpointWitness_no_truncate" BEFORE TRUNCATE ON "AuditCheckpointWitness"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_refuse_change"();

-- Checkpoints now come from the checkpointer on a timer (server/audit/checkpointer.ts), never from an append, so
-- audit_append no longer looks up the newest checkpoint while it holds the chain's lock: the same append in
-- less work under the lock (bench P1). A function's result type cannot be changed in place.
DROP FUNCTION "audit_append"(text, text, text, text, text, text, "Role", text, "AuditOutcome", text, text, text, jsonb, jsonb, text, text, text, text);
CREATE FUNCTION "audit_append"(
  "part1" text, "part2" text, "part3" text, "part4" text,
  "p_actorId" text, "p_actorEmail" text, "p_actorRole" "Role", "p_action" text, "p_outcome" "AuditOutcome",
  "p_resourceType" text, "p_resourceId" text, "p_teamId" text, "p_before" jsonb, "p_after" jsonb, "p_reason" text,
  "p_requestId" text, "p_sourceIp" text, "p_userAgent" text
) RETURNS TABLE ("sequence" bigint, "hash" text, "occurredAt" timestamptz)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  head_sequence bigint;
  head_hash text;
  new_sequence bigint;
  prev_hash text;
  at timestamptz;
  new_hash text;
BEGIN
  -- 0x41554454, "AUDT": serialises appends across every process (the migrator's lock is "BULK").
  PERFORM pg_advisory_xact_lock(1096107092);
  SELECT e."sequence", e."hash" INTO head_sequence, head_hash FROM "AuditEvent" AS e ORDER BY e."sequence" DESC LIMIT 1;
  -- Numbered here rather than by a Postgres sequence, which would leave a gap for every rolled-back append.
  new_sequence := coalesce(head_sequence, 0) + 1;
  -- GENESIS_HASH for the first event, also after events that predate the chain (no hash).
  prev_hash := coalesce(head_hash, repeat('0', 64));
  -- The column's precision, so the hashed time is the stored one; written as JavaScript's toISOString().
  at := clock_timestamp()::timestamptz(3);
  new_hash := encode(sha256(convert_to(
    "part1" || to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || "part2" || prev_hash || "part3" || new_sequence::text || "part4",
    'UTF8')), 'hex');
  INSERT INTO "AuditEvent" ("sequence", "occurredAt", "actorId", "actorEmail", "actorRole", "action", "outcome", "resourceType", "resourceId",
    "teamId", "before", "after", "reason", "requestId", "sourceIp", "userAgent", "prevHash", "hash")
  VALUES (new_sequence, at, "p_actorId", "p_actorEmail", "p_actorRole", "p_action", "p_outcome", "p_resourceType", "p_resourceId",
    "p_teamId", "p_before", "p_after", "p_reason", "p_requestId", "p_sourceIp", "p_userAgent", prev_hash, new_hash);
  RETURN QUERY SELECT new_sequence, new_hash, at;
END;
$$;

-- The new tables' grants now, rather than at the launcher's next call: only SELECT and INSERT for the app's role.
SELECT "bulkhead_grant_app_role"();
