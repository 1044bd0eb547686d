import { metricsResponse } from "@/server/web/probes";

export const dynamic = "force-dynamic";

export const GET = (request: Request) => metricsResponse(request);
