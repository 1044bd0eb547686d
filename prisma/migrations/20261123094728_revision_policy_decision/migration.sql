-- AlterTable
ALTER TABLE "DeploymentRevision" ADD COLUMN     "decision" JSONB;
