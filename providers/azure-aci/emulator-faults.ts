// Faults on demand, as Azure Resource Manager shows them: throttling (429 + Retry-After, which the SDK
// honours), server errors (500/503, retried by the SDK with back-off), slow answers, and connections
// closed without an answer.
import type { FaultKind, FaultPlan } from "@/providers/emulator-types";
import { armError, type ArmError } from "./emulator-wire";

const DEFAULT_LATENCY_MS = 500;

export class FaultInjector {
  private plan: FaultPlan | null;

  constructor(plan: FaultPlan | undefined) {
    this.plan = plan ?? null;
  }

  set(plan: FaultPlan | null): void {
    this.plan = plan;
  }

  /** The fault for this request, if one is due. */
  draw(): FaultKind | undefined {
    const plan = this.plan;
    if (!plan || plan.kinds.length === 0 || Math.random() >= plan.rate) return undefined;
    return plan.kinds[Math.floor(Math.random() * plan.kinds.length)];
  }

  get latencyMs(): number {
    return this.plan?.latencyMs ?? DEFAULT_LATENCY_MS;
  }
}

/** The answer of a throttle or server-error fault. */
export function faultAnswer(kind: "throttle" | "server-error"): ArmError {
  if (kind === "throttle") {
    return { ...armError(429, "TooManyRequests", "The request was throttled: too many requests for this subscription. Retry after the delay in Retry-After."), headers: { "Retry-After": "1" } };
  }
  return Math.random() < 0.5
    ? armError(500, "InternalServerError", "Encountered internal server error. Please try again.")
    : armError(503, "ServiceUnavailable", "The service is temporarily unavailable. Please try again later.");
}
