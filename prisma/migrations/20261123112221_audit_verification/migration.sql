-- CreateEnum
CREATE TYPE "AuditVerificationStatus" AS ENUM ('queued', 'running', 'passed', 'broken', 'failed');

-- CreateTable
CREATE TABLE "AuditVerification" (
    "id" TEXT NOT NULL,
    "fromSequence" BIGINT NOT NULL,
    "toSequence" BIGINT,
    "requestedById" TEXT NOT NULL,
    "requestedByEmail" TEXT NOT NULL,
    "status" "AuditVerificationStatus" NOT NULL DEFAULT 'queued',
    "total" BIGINT,
    "checked" BIGINT NOT NULL DEFAULT 0,
    "unchained" BIGINT NOT NULL DEFAULT 0,
    "checkpoints" INTEGER NOT NULL DEFAULT 0,
    "cursorSequence" BIGINT,
    "cursorHash" TEXT,
    "brokenSequence" BIGINT,
    "brokenProblem" TEXT,
    "brokenDetail" TEXT,
    "badCheckpointSequence" BIGINT,
    "badCheckpointDetail" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AuditVerification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuditVerification_createdAt_idx" ON "AuditVerification"("createdAt");
