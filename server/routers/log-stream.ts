// Who may follow a deployment's logs, through the same procedure builder as the tRPC API: sign-in required, input
// checked with its schema, access to the deployment's team checked and a refusal audited as denied, all by the
// procedure's middleware rather than a copy of it. A router of its own, not part of appRouter: following is a stream of
// server-sent events (the route app/api/deployments/[id]/logs/stream), not a tRPC call.
import { logFollower } from "@/server/deployments/cloud-state";
import { followLogsInput } from "@/server/deployments/cloud-schemas";
import type { Context } from "@/server/trpc/context";
import { createCallerFactory, protectedProcedure, router } from "@/server/trpc/init";

const streamRouter = router({
  deployments: router({
    followLogs: protectedProcedure.input(followLogsInput).query(({ ctx, input }) => logFollower(ctx, input)),
  }),
});

export const logStreamCaller = (ctx: Context) => createCallerFactory(streamRouter)(ctx).deployments;
