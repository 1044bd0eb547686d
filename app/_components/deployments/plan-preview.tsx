import type { ProviderPlan } from "@/app/_lib/api-types";

/** The provider-native requests, exactly as they will be sent. */
export function PlanPreview({ plan }: { plan: ProviderPlan }) {
  return (
    <section aria-label="Provider plan" className="space-y-3">
      {plan.requests.map((request, index) => (
        <div key={index} className="rounded-md border border-slate-200">
          <div className="border-b border-slate-200 bg-slate-50 px-3 py-1.5 font-mono text-xs font-semibold">
            {index + 1}. {request.operation}
          </div>
          {/* Scrolls both ways: in the tab order, and named, so a keyboard reaches and scrolls it. */}
          <pre
            role="region"
            aria-label={`Request ${index + 1}: ${request.operation}`}
            tabIndex={0}
            className="max-h-72 overflow-auto px-3 py-2 text-xs focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-brand-600"
          >{JSON.stringify(request.body, null, 2)}</pre>
        </div>
      ))}
    </section>
  );
}
