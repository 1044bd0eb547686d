-- The base image each revision was judged on, for "what runs on what".
ALTER TABLE "DeploymentRevision" ADD COLUMN "baseImageId" TEXT;

-- Revisions made before this column: the image their app declares now is the best record there is.
UPDATE "DeploymentRevision" AS r SET "baseImageId" = a."baseImageId"
  FROM "Deployment" AS d JOIN "App" AS a ON a."id" = d."appId"
  WHERE r."deploymentId" = d."id";

ALTER TABLE "DeploymentRevision" ADD CONSTRAINT "DeploymentRevision_baseImageId_fkey" FOREIGN KEY ("baseImageId") REFERENCES "BaseImage"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
