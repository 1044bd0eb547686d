-- CreateEnum
CREATE TYPE "TokenAbility" AS ENUM ('read', 'deploy', 'manage_apps', 'audit_export');

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "lastFour" TEXT NOT NULL,
    "userId" TEXT,
    "teamId" TEXT,
    "abilities" "TokenAbility"[],
    "appIds" TEXT[],
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdByEmail" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMPTZ(3),
    "lastUsedIp" TEXT,
    "revokedAt" TIMESTAMPTZ(3),
    "revokedById" TEXT,
    "revokedReason" TEXT,

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_hash_key" ON "ApiToken"("hash");

-- CreateIndex
CREATE INDEX "ApiToken_userId_idx" ON "ApiToken"("userId");

-- CreateIndex
CREATE INDEX "ApiToken_teamId_idx" ON "ApiToken"("teamId");

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Written by hand: what the Prisma schema cannot say. A token belongs to a person or to a team, never both or
-- neither; it lives at most a year (server/tokens/schemas.ts refuses more, the database too); and only a hex
-- SHA-256 may sit in "hash", so a token's own text can never be stored there by mistake.
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_one_owner" CHECK (("userId" IS NULL) <> ("teamId" IS NULL));
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_at_most_a_year" CHECK ("expiresAt" <= "createdAt" + INTERVAL '366 days');
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_hash_is_sha256" CHECK ("hash" ~ '^[0-9a-f]{64}$');
