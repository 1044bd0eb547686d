-- AlterEnum
ALTER TYPE "DeploymentStatus" ADD VALUE 'missing';

-- AlterTable
ALTER TABLE "Deployment" ADD COLUMN     "drift" JSONB,
ADD COLUMN     "driftCheckedAt" TIMESTAMP(3),
ADD COLUMN     "driftSince" TIMESTAMP(3);
