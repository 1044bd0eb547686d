-- CreateTable
CREATE TABLE "AppSecret" (
    "id" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "targetId" TEXT,
    "currentVersion" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AppSecret_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AppSecretVersion" (
    "secretId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "ciphertext" BYTEA NOT NULL,
    "wrappedKey" BYTEA NOT NULL,
    "keyId" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "createdById" TEXT,
    "createdByEmail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AppSecretVersion_pkey" PRIMARY KEY ("secretId","version")
);

-- CreateTable
CREATE TABLE "PlainEnvAllowance" (
    "teamId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlainEnvAllowance_pkey" PRIMARY KEY ("teamId","name")
);

-- CreateIndex
CREATE INDEX "AppSecret_targetId_idx" ON "AppSecret"("targetId");

-- CreateIndex
CREATE UNIQUE INDEX "AppSecret_app_wide_key" ON "AppSecret"("appId", "name") WHERE ("targetId" IS NULL);

-- CreateIndex
CREATE UNIQUE INDEX "AppSecret_per_target_key" ON "AppSecret"("appId", "name", "targetId") WHERE ("targetId" IS NOT NULL);

-- CreateIndex
CREATE INDEX "AppSecretVersion_keyId_idx" ON "AppSecretVersion"("keyId");

-- AddForeignKey
ALTER TABLE "AppSecret" ADD CONSTRAINT "AppSecret_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AppSecret" ADD CONSTRAINT "AppSecret_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AppSecretVersion" ADD CONSTRAINT "AppSecretVersion_secretId_fkey" FOREIGN KEY ("secretId") REFERENCES "AppSecret"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlainEnvAllowance" ADD CONSTRAINT "PlainEnvAllowance_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;
