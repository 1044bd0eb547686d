// The one module of app/ that takes types from server/: the router's own, as tRPC infers what each procedure takes
// and answers (with superjson, so dates stay dates). Pages and components take their types from here (or from a
// domain's contract module), never from a service; see README "Rules the code keeps" and eslint.config.js.
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/routers";

export type { AppRouter };
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;

/** A deployment as deployments.get answers it (the live page reads it every second while work is under way). */
export type LiveDeployment = RouterOutputs["deployments"]["get"];
/** A target as targets.get and targets.list answer it. */
export type TargetView = RouterOutputs["targets"]["get"];
/** An app as apps.get and apps.list answer it. */
export type AppView = RouterOutputs["apps"]["get"];
/** A network link as links.forApp, links.pending and links.request answer it. */
export type LinkView = RouterOutputs["links"]["request"];
/** A break-glass override as overrides.list answers it. */
export type OverrideView = RouterOutputs["overrides"]["list"][number];
/** The base images with the apps and deployments on each (catalog.impact). */
export type CatalogImpact = RouterOutputs["catalog"]["impact"];
/** "What runs on what", as catalog.runsOn answers it. */
export type RunsOn = RouterOutputs["catalog"]["runsOn"];
/** What saving a platform policy would flag (policy.impact), shown before the operator confirms. */
export type PolicyImpact = RouterOutputs["policy"]["impact"];
/** A live deployment given a new revision by a change of secrets or links, or why policy kept its revision. */
export type Reapplied = RouterOutputs["secrets"]["set"]["redeployed"][number];
/** The policy verdicts of a deploy (deployments.preview). */
export type PolicyDecision = NonNullable<RouterOutputs["deployments"]["preview"]["decision"]>;
export type ResolvedImage = NonNullable<RouterOutputs["deployments"]["preview"]["image"]>;
/** The provider-native requests a deploy would send (deployments.preview). */
export type ProviderPlan = NonNullable<RouterOutputs["deployments"]["preview"]["plan"]>;
/** One route a plan sets up (a link, a load balancer), as the preview lists them. */
export type PlannedRoute = NonNullable<ProviderPlan["routes"]>[number];
