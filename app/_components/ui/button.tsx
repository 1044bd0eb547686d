import { cloneElement, isValidElement } from "react";
import { cn } from "./cn";

// Variants as plain lookups: class-variance-authority would be sent to every page for two small tables.
const base =
  "inline-flex items-center justify-center gap-2 rounded-md text-sm font-medium transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:ring-offset-2 disabled:pointer-events-none disabled:opacity-50";
const variants = {
  primary: "bg-brand-600 text-white hover:bg-brand-700",
  secondary: "border border-slate-300 bg-white text-slate-900 hover:bg-slate-100",
  danger: "bg-red-600 text-white hover:bg-red-700",
  ghost: "text-slate-700 hover:bg-slate-100",
};
const sizes = { sm: "h-8 px-3", md: "h-9 px-4", lg: "h-10 px-5" };

export interface ButtonProps extends React.ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: keyof typeof variants;
  size?: keyof typeof sizes;
  asChild?: boolean;
}

/** `asChild` styles its one child (a link) as the button instead: its class names are added to the child's. */
export function Button({ className, variant = "primary", size = "md", asChild = false, children, ...props }: ButtonProps) {
  const classes = cn(base, variants[variant], sizes[size], className);
  if (asChild && isValidElement<{ className?: string }>(children)) return cloneElement(children, { ...props, className: cn(classes, children.props.className) });
  return (
    <button className={classes} {...props}>
      {children}
    </button>
  );
}
