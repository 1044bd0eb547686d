-- Hand-written (Prisma's schema cannot express functions).

-- One statement per audit append (server/audit/record.ts): takes the append lock, reads the head, completes
-- the event's canonical JSON (chain.ts canonicalEventParts) with the three fields only known under the lock
-- (occurredAt from the database clock, prevHash, sequence), hashes it and inserts the event. Called on its
-- own it is a whole transaction, so the lock is held for this statement only instead of across three round
-- trips from the app, which had capped appends at a tenth of plain INSERTs (bench P1). Under READ COMMITTED a
-- VOLATILE function takes a new snapshot for each statement, so the head read after the lock sees the event
-- of whoever held the lock before.
CREATE FUNCTION "audit_append"(
  "part1" text, "part2" text, "part3" text, "part4" text,
  "p_actorId" text, "p_actorEmail" text, "p_actorRole" "Role", "p_action" text, "p_outcome" "AuditOutcome",
  "p_resourceType" text, "p_resourceId" text, "p_teamId" text, "p_before" jsonb, "p_after" jsonb, "p_reason" text,
  "p_requestId" text, "p_sourceIp" text, "p_userAgent" text
) RETURNS TABLE ("sequence" bigint, "hash" text, "occurredAt" timestamptz, "checkpointSequence" bigint, "checkpointAt" timestamptz)
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
  RETURN QUERY
    SELECT new_sequence, new_hash, at, c."sequence", c."createdAt"
    FROM (SELECT 1) AS one
    LEFT JOIN (SELECT k."sequence", k."createdAt" FROM "AuditCheckpoint" AS k ORDER BY k."sequence" DESC LIMIT 1) AS c ON true;
END;
$$;
