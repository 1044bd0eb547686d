-- CreateEnum
CREATE TYPE "NetworkLinkStatus" AS ENUM ('requested', 'approved', 'rejected', 'revoked');

-- CreateTable
CREATE TABLE "NetworkLink" (
    "id" TEXT NOT NULL,
    "fromAppId" TEXT NOT NULL,
    "toAppId" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "status" "NetworkLinkStatus" NOT NULL DEFAULT 'requested',
    "reason" TEXT NOT NULL DEFAULT '',
    "requestedById" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionNote" TEXT NOT NULL DEFAULT '',
    "revokedById" TEXT,
    "revokedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NetworkLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "NetworkLink_toAppId_status_idx" ON "NetworkLink"("toAppId", "status");

-- CreateIndex
CREATE INDEX "NetworkLink_fromAppId_status_idx" ON "NetworkLink"("fromAppId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "NetworkLink_active_route_key" ON "NetworkLink"("fromAppId", "toAppId", "port") WHERE (status IN ('requested', 'approved'));

-- AddForeignKey
ALTER TABLE "NetworkLink" ADD CONSTRAINT "NetworkLink_fromAppId_fkey" FOREIGN KEY ("fromAppId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NetworkLink" ADD CONSTRAINT "NetworkLink_toAppId_fkey" FOREIGN KEY ("toAppId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;
