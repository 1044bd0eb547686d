import { createBaseImageInput, listBaseImagesInput, retireBaseImageInput, updateBaseImageInput } from "@/server/catalog/schemas";
import { catalogImpact } from "@/server/catalog/impact";
import { createBaseImage, deprecateBaseImage, listBaseImages, restrictBaseImage, revokeBaseImage, updateBaseImage } from "@/server/catalog/service";
import { baseImageListView } from "@/server/catalog/views";
import { rest } from "@/server/rest/meta";
import { abilityProcedure, protectedProcedure, router } from "@/server/trpc/init";
import { outputView } from "@/server/trpc/output-view";

export const catalogRouter = router({
  list: protectedProcedure.meta(rest("GET", "/catalog/base-images", "The base image catalog")).input(listBaseImagesInput).output(outputView(baseImageListView)).query(({ input }) => listBaseImages(input)),
  /** Apps and live deployments per image; across teams, so for the platform roles only. */
  impact: abilityProcedure("seeCatalogImpact").query(() => catalogImpact()),
  create: abilityProcedure("curateCatalog").input(createBaseImageInput).mutation(({ ctx, input }) => createBaseImage(ctx, input)),
  update: abilityProcedure("curateCatalog").input(updateBaseImageInput).mutation(({ ctx, input }) => updateBaseImage(ctx, input)),
  deprecate: abilityProcedure("curateCatalog").input(retireBaseImageInput).mutation(({ ctx, input }) => deprecateBaseImage(ctx, input)),
  restrict: abilityProcedure("curateCatalog").input(retireBaseImageInput).mutation(({ ctx, input }) => restrictBaseImage(ctx, input)),
  revoke: abilityProcedure("curateCatalog").input(retireBaseImageInput).mutation(({ ctx, input }) => revokeBaseImage(ctx, input)),
});
