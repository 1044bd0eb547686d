-- Hand-written (Prisma's schema cannot express functions).

-- Appends a batch of events, in the order given, under one take of the chain's lock. The lock is held until the
-- transaction commits, so with one event per transaction every append waited for the one before it to reach the
-- disk: one WAL flush per event, one at a time (bench P1). Appends made outside a caller's transaction are grouped
-- by the process (server/audit/group-append.ts) and share one statement, one commit and one flush; an append
-- inside a caller's transaction is a batch of one. Each element of "entries" holds the four texts of
-- canonicalEventParts and the event's columns (server/audit/append-rows.ts).
CREATE FUNCTION "audit_append_batch"("entries" jsonb)
RETURNS TABLE ("sequence" bigint, "hash" text, "occurredAt" timestamptz)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  head_sequence bigint;
  head_hash text;
  entry jsonb;
  at timestamptz;
  new_hash text;
BEGIN
  -- 0x41554454, "AUDT": serialises appends across every process (the migrator's lock is "BULK").
  PERFORM pg_advisory_xact_lock(1096107092);
  SELECT e."sequence", e."hash" INTO head_sequence, head_hash FROM "AuditEvent" AS e ORDER BY e."sequence" DESC LIMIT 1;
  -- Numbered here rather than by a Postgres sequence, which would leave a gap for every rolled-back append.
  head_sequence := coalesce(head_sequence, 0);
  -- GENESIS_HASH for the first event, also after events that predate the chain (no hash).
  head_hash := coalesce(head_hash, repeat('0', 64));
  FOR entry IN SELECT element FROM jsonb_array_elements("entries") WITH ORDINALITY AS list(element, position) ORDER BY position
  LOOP
    head_sequence := head_sequence + 1;
    -- The column's precision, so the hashed time is the stored one; written as JavaScript's toISOString().
    at := clock_timestamp()::timestamptz(3);
    new_hash := encode(sha256(convert_to(
      (entry->>'part1') || to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || (entry->>'part2') || head_hash
        || (entry->>'part3') || head_sequence::text || (entry->>'part4'),
      'UTF8')), 'hex');
    -- A JSON null in before/after is the column's NULL, as recordAudit stores an absent snapshot.
    INSERT INTO "AuditEvent" ("sequence", "occurredAt", "actorId", "actorEmail", "actorRole", "action", "outcome", "resourceType", "resourceId",
      "teamId", "before", "after", "reason", "requestId", "sourceIp", "userAgent", "prevHash", "hash")
    VALUES (head_sequence, at, entry->>'actorId', entry->>'actorEmail', (entry->>'actorRole')::"Role", entry->>'action',
      (entry->>'outcome')::"AuditOutcome", entry->>'resourceType', entry->>'resourceId', entry->>'teamId',
      nullif(entry->'before', 'null'::jsonb), nullif(entry->'after', 'null'::jsonb), entry->>'reason', entry->>'requestId',
      entry->>'sourceIp', entry->>'userAgent', head_hash, new_hash);
    "sequence" := head_sequence;
    "hash" := new_hash;
    "occurredAt" := at;
    RETURN NEXT;
    head_hash := new_hash;
  END LOOP;
END;
$$;

-- Every append goes through the batch function now.
DROP FUNCTION "audit_append"(text, text, text, text, text, text, "Role", text, "AuditOutcome", text, text, text, jsonb, jsonb, text, text, text, text);
