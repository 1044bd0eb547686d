-- Hand-written (Prisma's schema cannot express roles or grants).
--
-- The application connects as a member of the group role "bulkhead_app", which may read and write the
-- business tables but only SELECT and INSERT the audit evidence: UPDATE, DELETE and TRUNCATE on the trail
-- fail for it with "permission denied" before any trigger runs. Migrations run as the tables' owner, whom
-- the append-only triggers (audit_chain migration) stop instead.
--
-- Roles belong to the whole server while grants belong to one database, and the tests migrate many
-- databases on one server at once: the role is created only if missing (tolerating a concurrent creator),
-- and the grants are made in every database by the function below.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bulkhead_app') THEN
    IF (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN
      BEGIN
        CREATE ROLE "bulkhead_app" NOLOGIN;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL; -- another database's migration created it at the same moment
      END;
    ELSE
      -- An external server whose migrating role may not create roles: the operator creates it (README),
      -- and the launcher's next call of bulkhead_grant_app_role() grants it.
      RAISE NOTICE 'role bulkhead_app is missing and % may not create roles; audit tables are protected by triggers only', current_user;
    END IF;
  END IF;
END;
$$;

-- Grants "bulkhead_app" what the application needs in this database's schema. Idempotent; the launcher calls
-- it (as the owner) after every migration run, so tables added later, or a role created after the first
-- migration, are covered. Audit evidence is recognised by its append-only trigger (audit_refuse_change):
-- a future audit table is protected by giving it those triggers in its migration, and this function then
-- leaves bulkhead_app only SELECT and INSERT on it.
CREATE FUNCTION "bulkhead_grant_app_role"() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  target_schema text := current_schema();
  evidence regclass;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bulkhead_app') THEN
    RAISE NOTICE 'role bulkhead_app does not exist: no grants made';
    RETURN;
  END IF;
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO "bulkhead_app"', target_schema);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO "bulkhead_app"', target_schema);
  EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO "bulkhead_app"', target_schema);
  -- Tables the owner creates later (the next migrations) get the same grants without waiting for this call.
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "bulkhead_app"', target_schema);
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO "bulkhead_app"', target_schema);
  -- The migrations' own record is the owner's business alone.
  IF to_regclass(format('%I._prisma_migrations', target_schema)) IS NOT NULL THEN
    EXECUTE format('REVOKE ALL ON %I._prisma_migrations FROM "bulkhead_app"', target_schema);
  END IF;
  FOR evidence IN
    SELECT DISTINCT t.tgrelid::regclass
    FROM pg_trigger t
    JOIN pg_proc p ON p.oid = t.tgfoid
    JOIN pg_class c ON c.oid = t.tgrelid
    WHERE p.proname = 'audit_refuse_change' AND c.relnamespace = target_schema::regnamespace
  LOOP
    EXECUTE format('REVOKE ALL ON %s FROM "bulkhead_app"', evidence);
    EXECUTE format('GRANT SELECT, INSERT ON %s TO "bulkhead_app"', evidence);
  END LOOP;
END;
$$;

-- Runs with its caller's rights; only the owner has anything to grant, so nobody else needs to call it.
REVOKE ALL ON FUNCTION "bulkhead_grant_app_role"() FROM PUBLIC;

SELECT "bulkhead_grant_app_role"();
