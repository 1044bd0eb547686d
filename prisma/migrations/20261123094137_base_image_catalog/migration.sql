-- CreateEnum
CREATE TYPE "BaseImageStatus" AS ENUM ('approved', 'deprecated', 'revoked');

-- AlterTable
ALTER TABLE "App" ADD COLUMN     "baseImageId" TEXT;

-- CreateTable
CREATE TABLE "BaseImage" (
    "id" TEXT NOT NULL,
    "family" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "status" "BaseImageStatus" NOT NULL DEFAULT 'approved',
    "endOfLife" DATE,
    "successorId" TEXT,
    "notes" TEXT NOT NULL DEFAULT '',
    "approvedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BaseImage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "BaseImage_reference_key" ON "BaseImage"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "BaseImage_name_version_key" ON "BaseImage"("name", "version");

-- CreateIndex
CREATE INDEX "App_baseImageId_idx" ON "App"("baseImageId");

-- AddForeignKey
ALTER TABLE "App" ADD CONSTRAINT "App_baseImageId_fkey" FOREIGN KEY ("baseImageId") REFERENCES "BaseImage"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BaseImage" ADD CONSTRAINT "BaseImage_successorId_fkey" FOREIGN KEY ("successorId") REFERENCES "BaseImage"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BaseImage" ADD CONSTRAINT "BaseImage_approvedById_fkey" FOREIGN KEY ("approvedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
