-- CreateEnum
CREATE TYPE "ConnectionCheckStatus" AS ENUM ('queued', 'passed', 'failed');

-- AlterTable
ALTER TABLE "Target" ADD COLUMN     "credentialsRotatedAt" TIMESTAMP(3),
ADD COLUMN     "credentialsSummary" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "disabledAt" TIMESTAMP(3),
ADD COLUMN     "disabledReason" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "TargetConnectionCheck" (
    "id" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "status" "ConnectionCheckStatus" NOT NULL DEFAULT 'queued',
    "message" TEXT NOT NULL DEFAULT '',
    "requestedById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "TargetConnectionCheck_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TargetConnectionCheck_targetId_createdAt_idx" ON "TargetConnectionCheck"("targetId", "createdAt");

-- AddForeignKey
ALTER TABLE "TargetConnectionCheck" ADD CONSTRAINT "TargetConnectionCheck_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target"("id") ON DELETE CASCADE ON UPDATE CASCADE;
