import { cn } from "./cn";

const focusRing = "focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-brand-600";

/**
 * A table that scrolls sideways when it is wider than its card. The scrolling box is a named region in the tab
 * order, so a keyboard can reach and scroll it even when no cell holds a link or a button.
 */
export function Table({ className, ...props }: React.TableHTMLAttributes<HTMLTableElement>) {
  return (
    <div role="region" aria-label={props["aria-label"]} tabIndex={0} className={cn("overflow-x-auto", focusRing)}>
      <table className={cn("w-full text-left text-sm", className)} {...props} />
    </div>
  );
}

export function Th({ className, ...props }: React.ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope="col" className={cn("border-b border-slate-200 px-4 py-2 text-xs font-semibold uppercase tracking-wide text-slate-500", className)} {...props} />;
}

export function Td({ className, ...props }: React.TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={cn("border-b border-slate-100 px-4 py-2.5 align-top", className)} {...props} />;
}
