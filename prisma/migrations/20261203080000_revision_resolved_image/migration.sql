-- The image as its registry resolved it, per revision (#19, item 2).
ALTER TABLE "DeploymentRevision" ADD COLUMN "resolvedImage" JSONB;
