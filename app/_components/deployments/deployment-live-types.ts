import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/routers";

/** A deployment as the live page reads it, every second while work is under way. */
export type LiveDeployment = inferRouterOutputs<AppRouter>["deployments"]["get"];
