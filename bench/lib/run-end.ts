// Clean-up the runner does once every benchmark has run (databases shared between benchmarks outlive each one).
const steps: (() => Promise<unknown>)[] = [];

export function atRunEnd(step: () => Promise<unknown>): void {
  steps.push(step);
}

/** Runs the steps newest first; a failing step is reported and the rest still run. */
export async function runEndSteps(report: (message: string) => void): Promise<void> {
  for (const step of steps.splice(0).reverse()) {
    await step().catch((error: unknown) => report(`clean-up failed: ${error instanceof Error ? error.message : error}`));
  }
}
