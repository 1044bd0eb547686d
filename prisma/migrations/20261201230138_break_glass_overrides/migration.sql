-- CreateEnum
CREATE TYPE "BreakGlassStatus" AS ENUM ('requested', 'approved', 'rejected', 'expired');

-- AlterTable
ALTER TABLE "DeploymentRevision" ADD COLUMN     "overrideId" TEXT;

-- CreateTable
CREATE TABLE "BreakGlassOverride" (
    "id" TEXT NOT NULL,
    "refusalSequence" BIGINT NOT NULL,
    "action" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "deploymentId" TEXT,
    "request" JSONB NOT NULL,
    "waives" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "durationMinutes" INTEGER NOT NULL,
    "status" "BreakGlassStatus" NOT NULL DEFAULT 'requested',
    "requestedById" TEXT NOT NULL,
    "requestedByEmail" TEXT NOT NULL,
    "requestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedById" TEXT,
    "decidedByEmail" TEXT,
    "decidedAt" TIMESTAMPTZ(3),
    "decisionNote" TEXT NOT NULL DEFAULT '',
    "expiresAt" TIMESTAMPTZ(3),
    "usedRevision" INTEGER,
    "expiredAt" TIMESTAMPTZ(3),
    "expiryVerdict" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "BreakGlassOverride_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BreakGlassOverride_status_requestedAt_idx" ON "BreakGlassOverride"("status", "requestedAt");

-- CreateIndex
CREATE INDEX "BreakGlassOverride_deploymentId_idx" ON "BreakGlassOverride"("deploymentId");

-- CreateIndex
CREATE INDEX "BreakGlassOverride_appId_idx" ON "BreakGlassOverride"("appId");

-- CreateIndex
CREATE UNIQUE INDEX "BreakGlassOverride_open_refusal_key" ON "BreakGlassOverride"("refusalSequence") WHERE (status = 'requested'::"BreakGlassStatus");

-- AddForeignKey
ALTER TABLE "DeploymentRevision" ADD CONSTRAINT "DeploymentRevision_overrideId_fkey" FOREIGN KEY ("overrideId") REFERENCES "BreakGlassOverride"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
