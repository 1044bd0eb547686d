// Faults the ECS emulator injects on demand, each a real failure mode of the service or the network.
import type { FaultKind, FaultPlan } from "../emulator-types";

const DEFAULT_LATENCY_MS = 1000;

export class FaultInjector {
  private plan: FaultPlan | null = null;
  private serverErrors = 0;

  constructor(plan: FaultPlan | null | undefined) {
    this.set(plan ?? null);
  }

  set(plan: FaultPlan | null) {
    if (plan && (!(plan.rate >= 0 && plan.rate <= 1) || plan.kinds.length === 0)) throw new Error("A fault plan needs a rate between 0 and 1 and at least one kind");
    this.plan = plan;
  }

  /** The fault for the next request, if it gets one. */
  pick(): FaultKind | undefined {
    const plan = this.plan;
    if (!plan || Math.random() >= plan.rate) return undefined;
    return plan.kinds[Math.floor(Math.random() * plan.kinds.length)];
  }

  get latencyMs(): number {
    return this.plan?.latencyMs ?? DEFAULT_LATENCY_MS;
  }

  /**
   * ECS answers internal failures with 500 ServerException, Secrets Manager with 500 InternalServiceError, and
   * the front door of either with 503: alternate.
   */
  serverError(service: "ecs" | "secretsmanager" = "ecs"): { status: number; type: string; message: string } {
    if (this.serverErrors++ % 2 === 1) return { status: 503, type: "ServiceUnavailableException", message: "Service is unavailable. Please try again later." };
    return service === "ecs" ? { status: 500, type: "ServerException", message: "Service encountered an internal error." } : { status: 500, type: "InternalServiceError", message: "An error occurred on the server side." };
  }
}
