import { createBaseImageInput, listBaseImagesInput, retireBaseImageInput, updateBaseImageInput } from "@/server/catalog/schemas";
import { catalogImpact } from "@/server/catalog/impact";
import { createBaseImage, deprecateBaseImage, listBaseImages, restrictBaseImage, revokeBaseImage, updateBaseImage } from "@/server/catalog/service";
import { baseImageListView } from "@/server/catalog/views";
import { whatRunsOnWhat } from "@/server/catalog/runs-on";
import { runsOnView } from "@/server/catalog/runs-on-views";
import { rest } from "@/server/rest/meta";
import { abilityProcedure, protectedProcedure, router } from "@/server/trpc/init";
import { outputView } from "@/server/trpc/output-view";

export const catalogRouter = router({
  list: protectedProcedure.meta(rest("GET", "/catalog/base-images", "The base image catalog")).input(listBaseImagesInput).output(outputView(baseImageListView)).query(({ input }) => listBaseImages(input)),
  /** Per image, the live deployments running it (by their revisions' base image): the caller's teams, or every team. */
  runsOn: protectedProcedure.meta(rest("GET", "/catalog/runs-on", "What runs on what: per base image, the live deployments running it")).output(outputView(runsOnView)).query(({ ctx }) => whatRunsOnWhat(ctx)),
  /** Apps and live deployments per image; across teams, so for the platform roles only. */
  impact: abilityProcedure("seeCatalogImpact").query(() => catalogImpact()),
  create: abilityProcedure("curateCatalog").input(createBaseImageInput).mutation(({ ctx, input }) => createBaseImage(ctx, input)),
  update: abilityProcedure("curateCatalog").input(updateBaseImageInput).mutation(({ ctx, input }) => updateBaseImage(ctx, input)),
  deprecate: abilityProcedure("curateCatalog").input(retireBaseImageInput).mutation(({ ctx, input }) => deprecateBaseImage(ctx, input)),
  restrict: abilityProcedure("curateCatalog").input(retireBaseImageInput).mutation(({ ctx, input }) => restrictBaseImage(ctx, input)),
  revoke: abilityProcedure("curateCatalog").input(retireBaseImageInput).mutation(({ ctx, input }) => revokeBaseImage(ctx, input)),
});
