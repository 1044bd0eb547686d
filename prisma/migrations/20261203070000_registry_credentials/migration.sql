-- Per-team registry credentials, sealed (#19, item 1).
CREATE TABLE "RegistryCredential" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "registry" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "secret" BYTEA NOT NULL,
    "updatedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RegistryCredential_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "RegistryCredential_teamId_registry_key" ON "RegistryCredential"("teamId", "registry");

ALTER TABLE "RegistryCredential" ADD CONSTRAINT "RegistryCredential_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;
