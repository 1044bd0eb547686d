-- Readiness (/api/ready) asks whether the migrations this code expects are applied. The app's role may not read
-- _prisma_migrations (see audit_app_role), so the owner answers that one question for it: a function that runs
-- with its owner's rights, reads nothing else and returns a yes or a no.
CREATE FUNCTION "bulkhead_migration_applied"(p_name text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT EXISTS (SELECT 1 FROM "_prisma_migrations" WHERE "migration_name" = p_name AND "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL)
$$;
