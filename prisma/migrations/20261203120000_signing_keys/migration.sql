-- Trusted image signing keys, platform-wide (no team) or per team (#19, item 3).
CREATE TABLE "SigningKey" (
    "id" TEXT NOT NULL,
    "teamId" TEXT,
    "name" TEXT NOT NULL,
    "publicKey" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SigningKey_pkey" PRIMARY KEY ("id")
);

-- NULLS NOT DISTINCT (PostgreSQL 15+): one platform-wide row per key, as one per team.
CREATE UNIQUE INDEX "SigningKey_teamId_fingerprint_key" ON "SigningKey"("teamId", "fingerprint") NULLS NOT DISTINCT;

ALTER TABLE "SigningKey" ADD CONSTRAINT "SigningKey_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;
