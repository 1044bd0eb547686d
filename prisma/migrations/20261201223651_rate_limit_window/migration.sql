-- CreateTable
CREATE TABLE "RateLimitWindow" (
    "key" TEXT NOT NULL,
    "hits" TIMESTAMPTZ(3)[],
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RateLimitWindow_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "RateLimitWindow_updatedAt_idx" ON "RateLimitWindow"("updatedAt");

-- One atomic step of a sliding-window rate limit (server/identity/rate-limit-store.ts): the key's row is locked,
-- hits older than the window are dropped, and this request is admitted (its time appended) only if fewer than
-- p_max remain. A refusal is not recorded, so a client that keeps hammering is admitted again as soon as its
-- oldest admitted request leaves the window. The database clock is the default, so every replica agrees on it.
-- Each call also forgets up to 20 keys idle for an hour (no window here is longer), without waiting for any.
CREATE FUNCTION "rate_limit_consume"(p_key text, p_window_ms integer, p_max integer, p_now timestamptz DEFAULT clock_timestamp())
RETURNS TABLE ("allowed" boolean, "retryAfterMs" bigint)
LANGUAGE plpgsql AS $$
DECLARE
  kept timestamptz[];
BEGIN
  DELETE FROM "RateLimitWindow" WHERE "key" IN (
    SELECT w."key" FROM "RateLimitWindow" w WHERE w."updatedAt" < p_now - interval '1 hour'
    ORDER BY w."updatedAt" LIMIT 20 FOR UPDATE SKIP LOCKED);
  -- DO UPDATE rather than DO NOTHING: it locks the row at once, so another call's pruning cannot delete it
  -- between this statement and the next.
  INSERT INTO "RateLimitWindow" ("key", "hits", "updatedAt") VALUES (p_key, '{}', p_now)
    ON CONFLICT ("key") DO UPDATE SET "updatedAt" = "RateLimitWindow"."updatedAt";
  SELECT ARRAY(SELECT h FROM unnest(w."hits") AS h WHERE h > p_now - p_window_ms * interval '1 millisecond' ORDER BY h)
    INTO kept FROM "RateLimitWindow" w WHERE w."key" = p_key FOR UPDATE;
  IF cardinality(kept) < p_max THEN
    UPDATE "RateLimitWindow" SET "hits" = kept || p_now, "updatedAt" = p_now WHERE "key" = p_key;
    RETURN QUERY SELECT true, NULL::bigint;
  ELSE
    UPDATE "RateLimitWindow" SET "hits" = kept, "updatedAt" = p_now WHERE "key" = p_key;
    RETURN QUERY SELECT false, ceil(extract(epoch FROM kept[cardinality(kept) - p_max + 1] + p_window_ms * interval '1 millisecond' - p_now) * 1000)::bigint;
  END IF;
END $$;
