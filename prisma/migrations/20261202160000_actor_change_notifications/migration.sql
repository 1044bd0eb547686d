-- Who a session's caller is (the session, the user's role and deactivation, their team memberships) is cached per
-- process (server/identity/session-cache.ts). Every change to it, by any code path (better-auth's own writes
-- included), tells every process: NOTIFY is delivered when the changing transaction commits, never before, and
-- the payload names the user whose cached sessions to drop ('*' for all). The trigger's argument names the
-- column that holds the user's id.
CREATE FUNCTION bulkhead_notify_actor_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    PERFORM pg_notify('bulkhead_actor', '*');
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM pg_notify('bulkhead_actor', to_jsonb(OLD) ->> TG_ARGV[0]);
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND (to_jsonb(NEW) ->> TG_ARGV[0]) IS DISTINCT FROM (to_jsonb(OLD) ->> TG_ARGV[0])) THEN
    PERFORM pg_notify('bulkhead_actor', to_jsonb(NEW) ->> TG_ARGV[0]);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "Session_actor_change" AFTER UPDATE OR DELETE ON "Session" FOR EACH ROW EXECUTE FUNCTION bulkhead_notify_actor_change('userId');
CREATE TRIGGER "Session_actor_truncate" AFTER TRUNCATE ON "Session" FOR EACH STATEMENT EXECUTE FUNCTION bulkhead_notify_actor_change('userId');
CREATE TRIGGER "User_actor_change" AFTER UPDATE OR DELETE ON "User" FOR EACH ROW EXECUTE FUNCTION bulkhead_notify_actor_change('id');
CREATE TRIGGER "User_actor_truncate" AFTER TRUNCATE ON "User" FOR EACH STATEMENT EXECUTE FUNCTION bulkhead_notify_actor_change('id');
CREATE TRIGGER "Membership_actor_change" AFTER INSERT OR UPDATE OR DELETE ON "Membership" FOR EACH ROW EXECUTE FUNCTION bulkhead_notify_actor_change('userId');
CREATE TRIGGER "Membership_actor_truncate" AFTER TRUNCATE ON "Membership" FOR EACH STATEMENT EXECUTE FUNCTION bulkhead_notify_actor_change('userId');
