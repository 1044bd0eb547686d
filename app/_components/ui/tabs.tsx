"use client";

import { cn } from "./cn";

// WAI-ARIA tabs (https://www.w3.org/WAI/ARIA/apg/patterns/tabs/): a tab list whose arrow keys move between tabs; the
// parent renders the chosen panel with `tabPanelProps`. Small enough not to need a library.
const tabId = (base: string, value: string) => `${base}-tab-${value}`;
const panelId = (base: string, value: string) => `${base}-panel-${value}`;

export function Tabs<T extends string>({ id, label, tabs, value, onChange }: { id: string; label: string; tabs: Record<T, string>; value: T; onChange: (value: T) => void }) {
  const values = Object.keys(tabs) as T[];
  const move = (step: number) => {
    const next = values[(values.indexOf(value) + step + values.length) % values.length];
    onChange(next);
    document.getElementById(tabId(id, next))?.focus();
  };
  return (
    <div role="tablist" aria-label={label} className="flex gap-1 border-b border-slate-200">
      {values.map((tab) => (
        <button
          key={tab}
          id={tabId(id, tab)}
          type="button"
          role="tab"
          aria-selected={tab === value}
          aria-controls={panelId(id, tab)}
          tabIndex={tab === value ? 0 : -1}
          onClick={() => onChange(tab)}
          onKeyDown={(event) => {
            if (event.key === "ArrowRight") move(1);
            if (event.key === "ArrowLeft") move(-1);
          }}
          className={cn("-mb-px border-b-2 px-4 py-2 text-sm font-medium", tab === value ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900")}
        >
          {tabs[tab]}
        </button>
      ))}
    </div>
  );
}

export const tabPanelProps = (id: string, value: string) => ({ id: panelId(id, value), role: "tabpanel", "aria-labelledby": tabId(id, value), tabIndex: 0 });
